import {columnsOf, wrapWords} from '../charts/text-width.js';
import {glyphs} from '../format/glyphs.js';
import type {RaceVerdict} from '../model/verdict.js';

/** The verdict under the summary's table, in lines: its own (the first starts "→ "), then the claim's. */
export type VerdictLines = {
	readonly verdict: readonly string[];
	readonly claim: readonly string[];
};

/** Most lines each part may take: the taller the summary variant, the more of the verdict it says. */
export type VerdictRoom = {readonly verdict: number; readonly claim: number};

const arrow = `${glyphs.arrow} `;
/** Lines after the first line up under its words. */
const indent = ' '.repeat(columnsOf(arrow));

/** At most `most` lines; the last one carries the rest (the terminal cuts it). */
function keep(lines: readonly string[], most: number): string[] {
	return lines.length <= most ? [...lines] : [...lines.slice(0, most - 1), lines.slice(most - 1).join(' ')];
}

/**
 * The claim's sentences in at most `most` lines of `columns`: those that fit whole, in order (a sentence
 * with no room is left out, never cut mid-word, so the computing half of a thumbnail race still shows
 * where the network half is too long); only when not one fits, the first, cut at the last line.
 */
function claimLines(sentences: readonly string[], most: number, columns: number): string[] {
	const kept: string[] = [];
	let lines: string[] = [];
	for (const sentence of sentences) {
		const tried = wrapWords([...kept, sentence].join(' '), columns);
		if (tried.length <= most) {
			kept.push(sentence);
			lines = tried;
		}
	}

	return kept.length > 0 ? lines : keep(wrapWords(sentences[0]!, columns), most);
}

/**
 * The verdict laid out in `width` columns. With room for one line of it, the longest form that fits:
 * all of it, then without why, then the words alone ("pipeline×8 2.3× faster than parallel×8", which
 * keeps "N× faster" on screen at 60 columns); with more, all of it wrapped at spaces. The claim's
 * sentences follow, wrapped, those that have room. Pure.
 */
export function summaryVerdictLines(verdict: RaceVerdict, room: VerdictRoom, width: number): VerdictLines {
	const claimText = verdict.claim.join(' ');
	if (!Number.isFinite(width)) {
		return {verdict: [`${arrow}${verdict.text}`], claim: room.claim > 0 && claimText !== '' ? [`${indent}${claimText}`] : []};
	}

	const columns = Math.max(16, width - columnsOf(arrow));
	let lines: string[];
	if (room.verdict > 1 && columnsOf(verdict.text) > columns) {
		lines = keep(wrapWords(verdict.text, columns), room.verdict);
	} else {
		const forms = [verdict.text, verdict.times === null ? undefined : `${verdict.headline} (${verdict.times})`, verdict.headline];
		lines = [forms.find(form => form !== undefined && columnsOf(form) <= columns) ?? verdict.headline];
	}

	const claim = room.claim > 0 && claimText !== '' ? claimLines(verdict.claim, room.claim, columns) : [];
	return {verdict: lines.map((line, index) => `${index === 0 ? arrow : indent}${line}`), claim: claim.map(line => `${indent}${line}`)};
}
