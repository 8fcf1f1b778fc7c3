import cliSpinners from 'cli-spinners';
import {glyphs, type Glyphs} from './glyphs.js';

/**
 * ink-spinner's spinners (from cli-spinners: "dots", or "line" without UTF-8), as a pure function of
 * time: rows take their frame from the snapshot clock, so a hundred spinning rows cost no timers and
 * no extra renders (one ink-spinner per row re-laid the whole app out on every row's own tick).
 */
export function spinnerOf(set: Glyphs): {readonly frames: readonly string[]; readonly interval: number} {
	return cliSpinners[set.spinner];
}

export const {frames: spinnerFrames, interval: spinnerIntervalMs} = spinnerOf(glyphs);

/** The frame to show `ms` milliseconds into an animation. */
export function spinnerFrame(ms: number, set: Glyphs = glyphs): string {
	const {frames, interval} = set === glyphs ? {frames: spinnerFrames, interval: spinnerIntervalMs} : spinnerOf(set);
	const step = Math.floor(Math.max(0, ms) / interval) % frames.length;
	return frames[Number.isFinite(step) ? step : 0]!;
}
