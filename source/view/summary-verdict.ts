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
 * where the network half is too long), with "…" after them when one was left out; only when not one
 * fits, the first, cut at the last line.
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

	if (kept.length === 0) {
		return keep(wrapWords(sentences[0]!, columns), most);
	}

	if (kept.length === sentences.length) {
		return lines;
	}

	// Said on the last line when it has room, else on a line of its own when there is one.
	const marked = wrapWords(`${kept.join(' ')} ${glyphs.ellipsis}`, columns);
	return marked.length <= most ? marked : lines;
}

/**
 * The verdict laid out in `width` columns, wrapped at spaces into its room: the longest form that fits
 * whole. All of it, then the why without the times, then the times without the why, then the words
 * alone ("pipeline×8 2.3× faster than parallel×8", which keeps "N× faster" on screen at 60 columns);
 * only when not even those fit, cut at the room's last line. The claim's sentences follow, wrapped,
 * those that have room. Pure.
 */
export function summaryVerdictLines(verdict: RaceVerdict, room: VerdictRoom, width: number): VerdictLines {
	const claimText = verdict.claim.join(' ');
	if (!Number.isFinite(width)) {
		return {verdict: [`${arrow}${verdict.text}`], claim: room.claim > 0 && claimText !== '' ? [`${indent}${claimText}`] : []};
	}

	const columns = Math.max(16, width - columnsOf(arrow));
	const most = Math.max(1, room.verdict);
	const forms = [
		verdict.text,
		verdict.why === null ? undefined : `${verdict.headline}: ${verdict.why}`,
		verdict.times === null ? undefined : `${verdict.headline} (${verdict.times})`,
		verdict.headline,
	].filter(form => form !== undefined).map(form => wrapWords(form, columns));
	const lines = forms.find(form => form.length <= most) ?? keep(forms.at(-1)!, most);

	const claim = room.claim > 0 && claimText !== '' ? claimLines(verdict.claim, room.claim, columns) : [];
	return {verdict: lines.map((line, index) => `${index === 0 ? arrow : indent}${line}`), claim: claim.map(line => `${indent}${line}`)};
}
