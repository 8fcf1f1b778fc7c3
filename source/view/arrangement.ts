/** Columns each panel needs for the panels to sit side by side (two panels: from 100 columns on). */
export const sideBySideColumnsPerPanel = 50;
/** Columns between side-by-side panels. */
export const panelGap = 2;

export type Arrangement = 'side-by-side' | 'stacked';

export function arrangementFor(columns: number, panels = 2): Arrangement {
	return columns >= sideBySideColumnsPerPanel * panels ? 'side-by-side' : 'stacked';
}

/** Width of one panel for the terminal width. */
export function panelWidthFor(columns: number, panels = 2): number {
	return arrangementFor(columns, panels) === 'side-by-side' ? Math.floor((columns - (panelGap * (panels - 1))) / panels) : columns;
}
