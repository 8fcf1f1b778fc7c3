import {glyphs, type Glyphs} from './glyphs.js';

/**
 * Pad or cut `text` to exactly `width` columns ("…", or "..." without UTF-8, marks a cut); 'right'
 * pads on the left. Counts code points: everything imgrace prints (ASCII, ×, ✓, blocks, braille) is
 * one column wide. A width of 0 gives ''.
 */
export function fitText(text: string, width: number, align: 'left' | 'right' = 'left', set: Glyphs = glyphs): string {
	if (width <= 0) {
		return '';
	}

	const characters = [...text];
	if (characters.length <= width) {
		const padding = ' '.repeat(width - characters.length);
		return align === 'right' ? padding + text : text + padding;
	}

	const ellipsis = [...set.ellipsis].slice(0, width);
	return characters.slice(0, width - ellipsis.length).join('') + ellipsis.join('');
}
