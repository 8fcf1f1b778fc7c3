import {imageSize} from 'image-size';
import {DownloadError} from './errors.js';

export type ImageInfo = {
	/** File extension to save under, from the detected type (never from the URL). */
	readonly extension: string;
	readonly contentType: string;
	readonly width: number;
	readonly height: number;
};

/**
 * Raster formats a browser would show. image-size also "detects" loose formats (TGA, SVG, PNM…) that
 * an HTML page or a text body can pass for; those are refused so "not an image" means what it says.
 */
const accepted: Record<string, {extension: string; contentType: string}> = {
	jpg: {extension: 'jpg', contentType: 'image/jpeg'},
	png: {extension: 'png', contentType: 'image/png'},
	gif: {extension: 'gif', contentType: 'image/gif'},
	webp: {extension: 'webp', contentType: 'image/webp'},
	bmp: {extension: 'bmp', contentType: 'image/bmp'},
	tiff: {extension: 'tiff', contentType: 'image/tiff'},
	avif: {extension: 'avif', contentType: 'image/avif'},
	// image-size names a HEIF by its brand (heic for HEVC-coded images); the scanner names it the same way.
	heic: {extension: 'heic', contentType: 'image/heic'},
	heif: {extension: 'heif', contentType: 'image/heif'},
	jxl: {extension: 'jxl', contentType: 'image/jxl'},
};

/** The extension and content type of an accepted type (`jpg`, `tiff`, `avif`, `heic`…), for the format walkers. */
export function imageKind(type: keyof typeof accepted): {extension: string; contentType: string} {
	return accepted[type]!;
}

/**
 * Identify an image from its first bytes (magic bytes, then dimensions from the header).
 * `head` must hold at least the header; the engine passes up to its in-memory bound.
 */
export function inspectImage(head: Uint8Array): ImageInfo {
	if (head.length === 0) {
		throw DownloadError.notImage('empty body');
	}

	let size: ReturnType<typeof imageSize>;
	try {
		size = imageSize(head);
	} catch {
		throw DownloadError.notImage(describe(head));
	}

	const kind = size.type === undefined ? undefined : accepted[size.type];
	if (!kind || !(size.width > 0) || !(size.height > 0)) {
		throw DownloadError.notImage(describe(head));
	}

	return {...kind, width: size.width, height: size.height};
}

/** A few words on what the body looks like instead, for the failure reason. */
function describe(head: Uint8Array): string {
	const text = Buffer.from(head.subarray(0, 64)).toString('latin1').trimStart().toLowerCase();
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) {
		return 'HTML';
	}

	if (text.startsWith('{') || text.startsWith('[')) {
		return 'JSON';
	}

	if (text.startsWith('<')) {
		return 'markup';
	}

	return /^[\t\n\r\u0020-\u007e]*$/.test(text) ? 'text' : 'unknown bytes';
}
