import {setImmediate as nextTurn, setTimeout as sleep} from 'node:timers/promises';
import {stripVTControlCharacters} from 'node:util';
import type {ReactElement} from 'react';
import {render} from 'ink-testing-library';

export function stripAnsi(text: string): string {
	return stripVTControlCharacters(text);
}

export type Rendered = ReturnType<typeof render> & {
	/** The latest non-blank frame without colours ('' before the first). */
	readonly frame: () => string;
	/** Every frame so far, without colours. */
	readonly allFrames: () => string[];
	/** Poll until a frame satisfies `check` (latest frame first), or fail after `timeoutMs`. */
	readonly waitFor: (check: (frame: string) => boolean, description: string, timeoutMs?: number) => Promise<string>;
	/** Write keys once input handlers are attached. */
	readonly press: (keys: string) => Promise<void>;
	/** Resize the fake terminal. */
	readonly resize: (columns: number, rows: number) => void;
};

/**
 * Render with ink-testing-library on a fake terminal of the given size (its stdout reports 100
 * columns and no rows otherwise).
 */
export function renderAt(tree: ReactElement, size: {columns: number; rows: number}): Rendered {
	const instance = render(tree);
	const resize = (columns: number, rows: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
		instance.stdout.emit('resize');
	};

	resize(size.columns, size.rows);
	// Under CI=true Ink (debug mode, as ink-testing-library renders) writes a bare '\n' as it unmounts,
	// in place of the last frame it never recorded: the latest frame with content is what a user saw.
	const frame = () => {
		for (let index = instance.frames.length - 1; index >= 0; index--) {
			if (instance.frames[index]!.trim() !== '') {
				return stripAnsi(instance.frames[index]!);
			}
		}

		return stripAnsi(instance.lastFrame() ?? '');
	};
	return {
		...instance,
		frame,
		allFrames: () => instance.frames.map(stripAnsi),
		async waitFor(check, description, timeoutMs = 10_000) {
			const deadline = performance.now() + timeoutMs;
			while (performance.now() < deadline) {
				const current = frame();
				if (check(current)) {
					return current;
				}

				await sleep(10);
			}

			throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last frame:\n${frame()}`);
		},
		async press(keys) {
			await nextTurn();
			instance.stdin.write(keys);
		},
		resize,
	};
}

/** Lines of a frame (a trailing newline does not count). */
export function lineCount(frame: string): number {
	return frame.replace(/\n$/, '').split('\n').length;
}
