/**
 * The "dots" spinner of ink-spinner (cli-spinners), as a pure function of time: rows take their frame
 * from the snapshot clock, so a hundred spinning rows cost no timers and no extra renders.
 */
export const dotsFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const dotsIntervalMs = 80;

/** The frame to show `ms` milliseconds into an animation. */
export function spinnerFrame(ms: number): string {
	const step = Math.floor(Math.max(0, ms) / dotsIntervalMs) % dotsFrames.length;
	return dotsFrames[Number.isFinite(step) ? step : 0]!;
}
