import type {Readable} from 'node:stream';
import {displayText} from '../format/safe-text.js';

/** What a thread that could not start (EAGAIN) means for a worker: its user has no task left. */
export const limitReached = 'the process limit (ulimit -u) is reached';

/** Enough of a child's stderr to find why it stopped: a native stack trace runs to a few KB. */
const keptBytes = 8192;

/**
 * A child process's stderr, read and kept rather than passed to the terminal: what a child says there
 * (a warning, a fatal error with its native stack trace) is never shown raw. `reason()` is why it
 * stopped, in words, from its first meaningful line.
 */
export function keepStderr(stream: Readable | null): {reason(): string | undefined} {
	let text = '';
	stream?.setEncoding('utf8');
	stream?.on('data', (chunk: string) => {
		if (text.length < keptBytes) {
			text += chunk.slice(0, keptBytes - text.length);
		}
	});
	return {
		reason: () => stderrReason(text),
	};
}

/**
 * Why a child stopped, from what it wrote on stderr: its first line that says something (not blank, not
 * a banner, a stack frame, nor a warning unless nothing else is there), with Node's "node[pid]:" and V8's "#" prefixes taken off; the
 * failures a limit causes in words that name the limit. Undefined when it said nothing of use.
 */
export function stderrReason(text: string): string | undefined {
	const lines = text.split('\n')
		.map(line => line.replace(/^\s*#?\s*/, '').replace(/^\S*node\[\d+\]:\s*/, '').trim())
		.filter(line => line !== '' && !/^-+[^-]*-+$/.test(line) && !/^\d+: 0x[\da-f]+/i.test(line) && !/^\(Use `node --trace/.test(line));
	// A warning says why only when nothing else does.
	const isWarning = (line: string) => /^(\(node:\d+\) )?warning:/i.test(line);
	const first = lines.find(line => !isWarning(line)) ?? lines[0];
	if (first === undefined) {
		return undefined;
	}

	if (/pthread_create|uv_thread_create|resource temporarily unavailable|\bEAGAIN\b/i.test(first)) {
		return limitReached;
	}

	const outOfMemory = /out of memory:?\s*(.*)$/i.exec(first);
	if (outOfMemory) {
		return `out of memory${outOfMemory[1] ? ` (${displayText(outOfMemory[1], 80)})` : ''}`;
	}

	return displayText(first, 120);
}
