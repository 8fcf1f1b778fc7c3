/** Columns a text takes: imgrace prints only one-column characters, so its code points. */
export function columnsOf(text: string): number {
	let count = 0;
	for (const _ of text) {
		count++;
	}

	return count;
}

/** The text cut to at most `width` columns (no padding, no ellipsis: charts cut only spare room). */
export function clip(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	return columnsOf(text) <= width ? text : [...text].slice(0, width).join('');
}

/**
 * Entries joined by two spaces, wrapped into lines of at most `width` columns; an entry wider than a
 * line is cut.
 */
export function wrapEntries(entries: readonly string[], width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const entry of entries) {
		const candidate = line === '' ? entry : `${line}  ${entry}`;
		if (columnsOf(candidate) <= width || line === '') {
			line = candidate;
			continue;
		}

		lines.push(clip(line, width));
		line = entry;
	}

	if (line !== '') {
		lines.push(clip(line, width));
	}

	return lines;
}

/** Text wrapped at spaces into lines of at most `width` columns; a word wider than a line is cut. */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (columnsOf(candidate) <= width || line === '') {
			line = candidate;
			continue;
		}

		lines.push(clip(line, width));
		line = word;
	}

	if (line !== '') {
		lines.push(clip(line, width));
	}

	return lines;
}
