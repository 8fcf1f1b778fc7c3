import {DownloadError} from '../errors.js';
import {inspectImage, type ImageInfo} from '../image-check.js';
import {uint32le} from './header-bytes.js';
import type {BodyEnd, FormatWalker} from './walker.js';

/** WebP states its length in the RIFF header: complete when that many bytes arrived. */
export class WebpWalker implements FormatWalker {
	private readonly size: number;
	private readonly width: number;
	private readonly height: number;

	/** `head`: at least the first 30 bytes, where every WebP variant states its canvas. */
	constructor(head: Uint8Array) {
		this.size = uint32le(head, 4) + 8;
		const info = inspectImage(head);
		this.width = info.width;
		this.height = info.height;
	}

	walk(): void {
		// Nothing to follow between the header and the stated end.
	}

	finish(end: BodyEnd): ImageInfo {
		if (end.total < this.size) {
			throw DownloadError.cutShort(`WebP of ${this.size} bytes ends at ${end.total}`);
		}

		return {extension: 'webp', contentType: 'image/webp', width: this.width, height: this.height};
	}
}
