import type {ErrorCode} from '../engine/events.js';
import {columnsOf} from '../charts/text-width.js';
import {formatBytesFast as formatBytes, formatSpeedFast as formatSpeed} from '../format/fast-bytes.js';
import {formatDuration} from '../format/format.js';
import {fitText} from '../format/fit-text.js';
import {glyphs} from '../format/glyphs.js';
import {progressBar} from '../format/progress-bar.js';
import {spinnerFrame} from '../format/spinner.js';
import type {RowColumns} from './row-columns.js';
import type {HiddenCounts} from './row-window.js';
import type {ImageRecord} from '../model/image-record.js';

/** How a row looks: its icon and colours. 'retrying' is running after a failed attempt. */
export type RowTone = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'aborted';

/** The text of each field of a progress row, already padded to its column width. */
export type RowCells = {
	readonly tone: RowTone;
	/** ✓, ✗, ⊘, · or, in flight, the spinner frame for the current time. */
	readonly icon: string;
	/** "  7" (1-based, right-aligned). */
	readonly index: string;
	/** The bar; for failed rows the reason, spanning bar, bytes and speed. */
	readonly bar: string;
	readonly bytes: string;
	readonly speed: string;
	readonly time: string;
	readonly retry: string;
	readonly dims: string;
	readonly ttfb: string;
};

const shortReasons: Record<ErrorCode, string> = {
	ERR_IMGRACE_HTTP_STATUS: 'HTTP error',
	ERR_IMGRACE_NOT_IMAGE: 'not an image',
	ERR_IMGRACE_TOO_BIG: 'too big',
	ERR_IMGRACE_IDLE_TIMEOUT: 'stalled',
	ERR_IMGRACE_TIMEOUT: 'timed out',
	ERR_IMGRACE_TRUNCATED: 'truncated',
	ERR_IMGRACE_CONNECTION: 'connection',
	ERR_IMGRACE_DNS: 'DNS',
	ERR_IMGRACE_REDIRECTS: 'redirects',
	ERR_IMGRACE_REDIRECT: 'bad redirect',
	ERR_IMGRACE_DECODE: 'bad encoding',
	ERR_IMGRACE_TLS: 'certificate',
	ERR_IMGRACE_WRITE: 'write error',
	ERR_IMGRACE_THUMBNAIL: 'thumbnail',
	ERR_IMGRACE_WORKER: 'worker stopped',
	ERR_IMGRACE_ABORTED: 'aborted',
	ERR_IMGRACE_FOLDER: 'folder',
	ERR_IMGRACE_NO_ROOM: 'no room',
	ERR_IMGRACE_USAGE: 'usage',
	ERR_IMGRACE_EXPORT: 'export',
};

/** A failure in a word or two: "HTTP 404", "truncated", "stalled". */
export function shortReason(code: ErrorCode | undefined, reason: string | undefined): string {
	if (code === 'ERR_IMGRACE_HTTP_STATUS' && reason) {
		const match = /^HTTP \d{3}/.exec(reason);
		if (match) {
			return match[0];
		}
	}

	if (code) {
		return shortReasons[code];
	}

	return reason?.split(/\s+/).slice(0, 2).join(' ') ?? 'failed';
}

export function rowTone(image: Pick<ImageRecord, 'status' | 'retries' | 'attempt'>): RowTone {
	if (image.status === 'running') {
		return image.attempt > 1 ? 'retrying' : 'running';
	}

	return image.status;
}

const icons: Record<Exclude<RowTone, 'running' | 'retrying'>, string> = {queued: glyphs.queued, done: glyphs.done, failed: glyphs.failed, aborted: glyphs.aborted};

/** Formatted totals: they repeat every frame of every in-flight row, and Intl formatting is not free. */
const totals = new Map<number, string>();

function totalText(total: number): string {
	let text = totals.get(total);
	if (text === undefined) {
		if (totals.size >= 4096) {
			totals.clear();
		}

		text = formatBytes(total);
		totals.set(total, text);
	}

	return text;
}

/** Milliseconds of animation per indeterminate-bar step. */
const indeterminateStepMs = 120;

/**
 * Format one image as row cells for the given column widths. `elapsedMs` is the time since the run
 * started (for the running timer and the indeterminate bar). Pure.
 */
export function rowCells(image: Readonly<ImageRecord>, columns: RowColumns, elapsedMs: number): RowCells {
	const tone = rowTone(image);
	const pad = (text: string, width: number) => fitText(text, width);
	const padLeft = (text: string, width: number) => fitText(text, width, 'right');
	const index = padLeft(String(image.index + 1), columns.index);
	const spanWidth = columns.bar + (columns.bytes > 0 ? columns.bytes + 1 : 0) + (columns.speed > 0 ? columns.speed + 1 : 0);

	let bar = '';
	let bytes = '';
	let speed = '';
	let time = '';
	let dims = '';
	let ttfb = '';
	const retry = image.retries > 0 ? `${glyphs.retry}${image.retries}` : '';
	switch (tone) {
		case 'queued': {
			bar = progressBar({transferred: 0, total: 1, width: columns.bar});
			bytes = 'queued';
			break;
		}

		case 'running':
		case 'retrying': {
			const waitingForRetry = tone === 'retrying' && image.firstByteMs === undefined;
			bar = image.firstByteMs === undefined
				? progressBar({transferred: 0, total: 1, width: columns.bar})
				: progressBar({
					transferred: image.transferred,
					total: image.total,
					width: columns.bar,
					phase: Math.floor(elapsedMs / indeterminateStepMs),
				});
			if (image.work !== undefined) {
				// Downloaded: its work waits for a core of the pool, or runs on one.
				bytes = image.work === 'waiting' ? 'queued for a core' : 'working';
			} else if (waitingForRetry) {
				bytes = `retry: ${shortReason(image.code, image.error)}`;
			} else if (image.firstByteMs === undefined) {
				// Set-up, connect, send and the wait for the response, which the row cannot tell apart (the
				// timeline can, afterwards): "connecting" was wrong for most of it on a kept-alive socket.
				bytes = 'requesting';
			} else {
				bytes = `${formatBytes(image.transferred)}/${image.total === undefined ? '?' : totalText(image.total)}`;
				speed = image.speed > 0 ? formatSpeed(image.speed) : '';
			}

			time = image.startMs === undefined ? '' : formatDuration(elapsedMs - image.startMs);
			break;
		}

		case 'done': {
			const size = image.bytes ?? image.transferred;
			bar = progressBar({transferred: size, total: size, width: columns.bar});
			bytes = formatBytes(size);
			// The body's own time, from its first byte until it was in its file: never the work after it
			// (a thumbnail made in 3 s would make a 1 MB/s download read 46 kB/s).
			const bodyMs = image.phases ? image.phases.receiveMs + image.phases.writeMs : (image.endMs !== undefined && image.firstByteMs !== undefined ? image.endMs - image.firstByteMs : undefined);
			speed = bodyMs !== undefined && bodyMs > 0 ? formatSpeed((size / bodyMs) * 1000) : '';
			time = image.startMs !== undefined && image.endMs !== undefined ? formatDuration(image.endMs - image.startMs) : '';
			dims = image.width !== undefined && image.height !== undefined ? `${image.width}${glyphs.times}${image.height}` : '';
			ttfb = image.ttfbMs === undefined ? '' : `ttfb ${formatDuration(image.ttfbMs)}`;
			break;
		}

		case 'failed': {
			const short = shortReason(image.code, image.error);
			const labelled = !image.error || image.error === short ? short : (image.error.startsWith(short) ? image.error : `${short} ${glyphs.separator} ${image.error}`);
			// The word first where all of it fits; else the error's own words, whole where they fit ("body cut
			// short (1000 of 64432 bytes)" was cut to "truncated · body cut short (1000 of 64432…").
			bar = columnsOf(labelled) <= spanWidth || !image.error ? labelled : image.error;
			time = image.startMs !== undefined && image.endMs !== undefined ? formatDuration(image.endMs - image.startMs) : '';
			break;
		}

		case 'aborted': {
			bar = image.startMs === undefined ? 'not started' : 'aborted';
			break;
		}
	}

	return {
		tone,
		icon: tone === 'running' || tone === 'retrying' ? spinnerFrame(elapsedMs) : icons[tone],
		index,
		bar: tone === 'failed' || tone === 'aborted' ? pad(bar, spanWidth) : bar,
		bytes: pad(bytes, columns.bytes),
		speed: padLeft(speed, columns.speed),
		time: padLeft(time, columns.time),
		retry: pad(retry, columns.retry),
		dims: padLeft(dims, columns.dims),
		ttfb: pad(ttfb, columns.ttfb),
	};
}

/** "✓ 37 done · ✗ 2 failed" / "… 5 in flight · 150 queued" for collapsed rows. */
export function hiddenLine(counts: HiddenCounts, position: 'before' | 'after'): string {
	const parts: string[] = [];
	if (counts.done > 0) {
		parts.push(`${glyphs.done} ${counts.done} done`);
	}

	if (counts.failed > 0) {
		parts.push(`${glyphs.failed} ${counts.failed} failed`);
	}

	if (counts.aborted > 0) {
		parts.push(`${counts.aborted} aborted`);
	}

	if (counts.running > 0) {
		parts.push(`${counts.running} in flight`);
	}

	if (counts.queued > 0) {
		parts.push(`${counts.queued} queued`);
	}

	return `${position === 'after' ? `${glyphs.ellipsis} ` : ''}${parts.join(` ${glyphs.separator} `)}`;
}
