import type {ImageInfo} from '../image-check.js';

/** How the body ended: its length. */
export type BodyEnd = {readonly total: number};

/** One format's structure, walked by its own lengths as chunks arrive. */
export type FormatWalker = {
	/** Walk `chunk` from `start`. Throws ERR_IMGRACE_NOT_IMAGE as soon as the bytes cannot be this format. */
	walk(chunk: Uint8Array, start: number): void;
	/** The body has ended: the image, or ERR_IMGRACE_TRUNCATED if it stopped short of the format's end. */
	finish(end: BodyEnd): ImageInfo;
};
