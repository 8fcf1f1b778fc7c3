import {fitText} from '../format/fit-text.js';
import type {PanelState} from '../model/session-state.js';

/** What a panel's header line says, as components/header.tsx lays it out. */
export type HeaderParts = {
	readonly title: string;
	readonly state: PanelState;
	readonly elapsed: string;
	readonly progress: string;
};

/** Fewer columns than this for the note and it is left out: "starti…" says nothing. */
const shortestNote = 8;

/**
 * Columns of the header without its note: "Processes ×30  ⠸ running  2.12s  16/30" (the spinner and
 * its space while running; two spaces before each part).
 */
export function headerWidth({title, state, elapsed, progress}: HeaderParts): number {
	const spinner = state === 'running' ? 2 : 0;
	const after = (part: string) => (part === '' ? 0 : 2 + [...part].length);
	return [...title].length + 2 + spinner + [...state].length + after(elapsed) + after(progress);
}

/**
 * The header's note (" (starting 30 workers…)" after the title) in the room the rest leaves in
 * `width`: whole, else cut, else none. The note gives way first: the progress is what a narrow panel
 * must keep whole ("16/30", never "16/…"). Pure.
 */
export function fitNote(note: string | undefined, parts: HeaderParts, width: number): string | undefined {
	if (note === undefined) {
		return undefined;
	}

	// " (" and ")" around it.
	const room = width - headerWidth(parts) - 3;
	if ([...note].length <= room) {
		return note;
	}

	return room >= shortestNote ? fitText(note, room) : undefined;
}
