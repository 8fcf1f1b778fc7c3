/** Image n's format: mostly JPEG with every fourth a PNG, like a typical photo feed. */
export function formatForIndex(index: number): 'jpeg' | 'png' {
	return index % 4 === 3 ? 'png' : 'jpeg';
}

/**
 * URL of image `index` on an embedded server at `base` (no trailing slash needed), with fault knobs as the
 * query string (see faults.ts), e.g. `imageUrl(server.url, 3, {status: 503, failFirst: 2})`.
 */
export function imageUrl(base: string, index: number, faults?: Record<string, string | number>): string {
	if (!Number.isSafeInteger(index) || index < 0) {
		throw new RangeError(`Image index must be a non-negative integer, got ${index}`);
	}

	const extension = formatForIndex(index) === 'png' ? 'png' : 'jpg';
	const query = faults ? new URLSearchParams(Object.entries(faults).map(([key, value]): [string, string] => [key, String(value)])).toString() : '';
	return `${base.replace(/\/+$/, '')}/image/${index}.${extension}${query === '' ? '' : `?${query}`}`;
}
