import cliSpinners from 'cli-spinners';

/**
 * ink-spinner's default "dots" spinner (from cli-spinners), as a pure function of time: rows take
 * their frame from the snapshot clock, so a hundred spinning rows cost no timers and no extra
 * renders (one ink-spinner per row re-laid the whole app out on every row's own tick).
 */
export const dotsFrames: readonly string[] = cliSpinners.dots.frames;
export const dotsIntervalMs = cliSpinners.dots.interval;

/** The frame to show `ms` milliseconds into an animation. */
export function spinnerFrame(ms: number): string {
	const step = Math.floor(Math.max(0, ms) / dotsIntervalMs) % dotsFrames.length;
	return dotsFrames[Number.isFinite(step) ? step : 0]!;
}
