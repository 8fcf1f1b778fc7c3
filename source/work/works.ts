import {workDefaults} from '../defaults.js';

/** What `--work` can name: the per-image work a strategy does after each download. */
export type WorkName = 'download' | 'thumbnail';

export type WorkKind = {
	readonly name: WorkName;
	/** One line for `--help` and for the error that lists the known names. */
	readonly description: string;
	/** The work keeps a core busy: no width beats the cores, and a busy event loop is the point, not a flaw. */
	readonly cpuBound: boolean;
};

/** In the order `--work` lists them; the first is the default. */
export const works: Readonly<Record<WorkName, WorkKind>> = {
	download: {name: 'download', description: 'download and verify each image, nothing more', cpuBound: false},
	thumbnail: {name: 'thumbnail', description: 'also decode each image, scale it down and save it as NNN.thumb.jpg (CPU work on the strategy\'s own thread or process)', cpuBound: true},
};

/**
 * The thumbnail work's defaults, in one place for the option parser, the help text and the engine. How
 * often it is repeated is the race's setting (workDefaults.thumbRepeat); called alone it is done once.
 */
export const thumbnailDefaults = {
	/** Pixels on the long side. */
	size: workDefaults.thumbSize,
	/** JPEG quality of the thumbnail, 1-100. */
	quality: 80,
	/**
	 * Images of more pixels are refused before decoding, with the reason: sharp's `limitInputPixels` and
	 * its default (0x3FFF²). Memory is bounded by the decoders (PNG and BMP stream into a reduced canvas)
	 * and the decode budget, not by this limit.
	 */
	limitInputPixels: 268_402_689,
} as const;

export const defaultWork: WorkName = workDefaults.work;

/** The work named `name`, or a one-line reason naming the known ones (for a usage error). */
export function lookupWork(name: string): {ok: true; work: WorkKind} | {ok: false; message: string} {
	if (Object.hasOwn(works, name)) {
		return {ok: true, work: works[name as WorkName]};
	}

	return {ok: false, message: `--work must be one of ${Object.keys(works).join(', ')}, got "${name}"`};
}
