/**
 * Every non-ASCII character imgrace prints, and its ASCII stand-in for terminals whose locale is
 * not UTF-8 (LANG=C, a serial console, some CI runners): there a "✓" comes out as "âœ“" or "?".
 * Decided once, when this module loads; everything that prints imports `glyphs` from here.
 */
export type Glyphs = {
	readonly unicode: boolean;
	/** cli-spinners name: rows take its frames from one shared clock, the header runs ink-spinner. */
	readonly spinner: 'dots' | 'line';
	readonly done: string;
	readonly failed: string;
	readonly aborted: string;
	readonly queued: string;
	readonly retry: string;
	/** "×8" (concurrency), "8.2×" (ratio), "640×480" (dimensions). */
	readonly times: string;
	readonly arrow: string;
	readonly plusMinus: string;
	readonly ellipsis: string;
	/** Between the parts of a line: "7/10 · 1 failed". */
	readonly separator: string;
	/** A value that is not known: "–". */
	readonly missing: string;
	/** Between the ends of a range: "120–198ms", "#1–5". */
	readonly range: string;
	/** Standard deviation, after ±: "±σ". */
	readonly sigma: string;
	readonly atLeast: string;
	/** Progress bar: full block, the 1/8 … 7/8 partials, empty track. One column each. */
	readonly barFull: string;
	readonly barPartials: readonly [string, string, string, string, string, string, string];
	readonly barEmpty: string;
};

export const unicodeGlyphs: Glyphs = {
	unicode: true,
	spinner: 'dots',
	done: '✓',
	failed: '✗',
	aborted: '⊘',
	queued: '·',
	retry: '↻',
	times: '×',
	arrow: '→',
	plusMinus: '±',
	ellipsis: '…',
	separator: '·',
	missing: '–',
	range: '–',
	sigma: 'σ',
	atLeast: '≥',
	barFull: '█',
	barPartials: ['▏', '▎', '▍', '▌', '▋', '▊', '▉'],
	barEmpty: '░',
};

export const asciiGlyphs: Glyphs = {
	unicode: false,
	spinner: 'line',
	done: '+',
	failed: 'x',
	aborted: '-',
	queued: '.',
	retry: '~',
	times: 'x',
	arrow: '->',
	plusMinus: '+/-',
	ellipsis: '...',
	separator: '-',
	missing: '-',
	range: '-',
	sigma: 'sd',
	atLeast: '>=',
	barFull: '#',
	barPartials: ['-', '-', '-', '=', '=', '=', '='],
	barEmpty: '.',
};

/**
 * Whether the locale's character set is UTF-8, by POSIX precedence: the first non-empty of LC_ALL,
 * LC_CTYPE and LANG names it. Only a locale that says something else (LANG=C, POSIX, ISO-8859-1)
 * gets ASCII: with none set at all (a bare container, a CI runner, Windows) the terminal is almost
 * always UTF-8 today, as is-unicode-supported also assumes, and output stays the same wherever the
 * locale simply was not passed on.
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
	const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'];
	if (!locale || platform === 'win32') {
		return true;
	}

	return /utf-?8/i.test(locale);
}

export function chooseGlyphs(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Glyphs {
	return localeIsUtf8(env, platform) ? unicodeGlyphs : asciiGlyphs;
}

export const glyphs: Glyphs = chooseGlyphs();
