/** Columns each panel needs for the panels to sit side by side (two panels: from 100 columns on). */
export const sideBySideColumnsPerPanel = 50;
/** Columns between panels that share a line. */
export const panelGap = 2;

/**
 * How the panels share the terminal: one above the other (full width), all on one line, or two to a
 * line (three or more panels on a terminal too narrow for all of them on one line but wide enough
 * for two).
 */
export type Arrangement = 'side-by-side' | 'grid' | 'stacked';

export function arrangementFor(columns: number, panels = 2): Arrangement {
	if (columns >= sideBySideColumnsPerPanel * panels) {
		return 'side-by-side';
	}

	return panels > 2 && columns >= sideBySideColumnsPerPanel * 2 ? 'grid' : 'stacked';
}

/** Panels on one line of the screen for the arrangement. */
export function panelsPerLine(arrangement: Arrangement, panels: number): number {
	switch (arrangement) {
		case 'side-by-side': {
			return Math.max(1, panels);
		}

		case 'grid': {
			return 2;
		}

		case 'stacked': {
			return 1;
		}
	}
}

/** The panel indexes on each line of the screen, top to bottom. */
export function panelLines(arrangement: Arrangement, panels: number): number[][] {
	const perLine = panelsPerLine(arrangement, panels);
	const lines: number[][] = [];
	for (let first = 0; first < panels; first += perLine) {
		lines.push(Array.from({length: Math.min(perLine, panels - first)}, (_, offset) => first + offset));
	}

	return lines;
}
