/**
 * Just enough of Markdown for the docs test to read the readme and docs/ as a reader would: fenced code
 * blocks apart from prose, inline code spans (which may run over a line break), links, and the anchors
 * GitHub gives headings.
 */

/** A fenced code block: its lines, and where it starts (1-based, the fence's line). */
export type CodeBlock = {readonly line: number; readonly lines: readonly string[]};

/** A paragraph of prose (consecutive non-blank lines outside code, joined with spaces); a table is one. */
export type Paragraph = {readonly line: number; readonly text: string};

export type MarkdownParts = {readonly code: readonly CodeBlock[]; readonly prose: readonly Paragraph[]};

export function markdownParts(text: string): MarkdownParts {
	const code: CodeBlock[] = [];
	const prose: Paragraph[] = [];
	let block: {line: number; lines: string[]} | undefined;
	let paragraph: {line: number; lines: string[]} | undefined;
	const endParagraph = () => {
		if (paragraph) {
			prose.push({line: paragraph.line, text: paragraph.lines.join(' ')});
			paragraph = undefined;
		}
	};

	for (const [index, line] of text.split('\n').entries()) {
		if (/^\s*```/.test(line)) {
			if (block) {
				code.push(block);
				block = undefined;
			} else {
				endParagraph();
				block = {line: index + 1, lines: []};
			}
		} else if (block) {
			block.lines.push(line);
		} else if (line.trim() === '') {
			endParagraph();
		} else {
			paragraph ??= {line: index + 1, lines: []};
			paragraph.lines.push(line);
		}
	}

	endParagraph();
	return {code, prose};
}

/** The inline code spans of a paragraph, without their backticks. */
export function codeSpans(paragraph: string): string[] {
	return [...paragraph.matchAll(/(`+)(.+?)\1/g)].map(match => match[2]!.trim());
}

/** The paragraph with its code spans taken out. */
export function withoutCodeSpans(paragraph: string): string {
	return paragraph.replaceAll(/(`+)(.+?)\1/g, ' ');
}

/** Link and image targets of a paragraph (`[text](target)`, `![alt](target)`), outside code spans. */
export function linkTargets(paragraph: string): string[] {
	return [...withoutCodeSpans(paragraph).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(match => match[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
export function headingSlug(heading: string): string {
	return heading.trim().toLowerCase().replaceAll(/[^\p{L}\p{N}\s_-]/gu, '').replaceAll(/\s/g, '-');
}

/** Every heading's anchor in a document, a repeated heading numbered as GitHub numbers it (`-1`, `-2`). */
export function headingAnchors(text: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let inCode = false;
	for (const line of text.split('\n')) {
		if (/^\s*```/.test(line)) {
			inCode = !inCode;
			continue;
		}

		const heading = inCode ? undefined : /^#{1,6}\s+(.*)$/.exec(line)?.[1];
		if (heading !== undefined) {
			const slug = headingSlug(heading);
			const count = seen.get(slug) ?? 0;
			seen.set(slug, count + 1);
			anchors.add(count === 0 ? slug : `${slug}-${count}`);
		}
	}

	return anchors;
}

/**
 * A shell command line split into words as sh would (single and double quotes, backslash escapes),
 * up to the first pipe, redirection, `&&`, `;` or comment: the words one program receives.
 */
export function shellWords(line: string): string[] {
	const words: string[] = [];
	let word: string | undefined;
	let quote: '"' | '\'' | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			if (char === quote) {
				quote = undefined;
			} else {
				word += char === '\\' && quote === '"' ? line[++index] ?? '' : char;
			}
		} else if (char === '"' || char === '\'') {
			quote = char;
			word ??= '';
		} else if (char === '\\') {
			word = (word ?? '') + (line[++index] ?? '');
		} else if (/\s/.test(char)) {
			if (word !== undefined) {
				words.push(word);
			}

			word = undefined;
		} else if ('|<>;&#'.includes(char) && word === undefined) {
			break;
		} else {
			word = (word ?? '') + char;
		}
	}

	if (word !== undefined) {
		words.push(word);
	}

	return words;
}
