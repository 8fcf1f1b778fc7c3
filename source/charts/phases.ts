import type {Glyphs} from '../format/glyphs.js';

/** The phases of one image, in the order they happen. */
export const phaseNames = ['queued', 'retry', 'setup', 'connect', 'send', 'wait', 'receive', 'write', 'workQueued', 'thumbnail'] as const;

export type PhaseName = typeof phaseNames[number];

/** Milliseconds spent in each phase; a missing phase is 0. They add up to the image's endMs. */
export type ImagePhases = {readonly [Name in PhaseName as `${Name}Ms`]?: number};

/** What each phase is called in the legend. */
export const phaseLabels: Readonly<Record<PhaseName, string>> = {
	queued: 'queued',
	retry: 'failed attempts',
	setup: 'client set-up',
	connect: 'connect',
	send: 'send',
	wait: 'waiting',
	receive: 'receive',
	write: 'write',
	workQueued: 'queued for a core',
	thumbnail: 'thumbnail',
};

export type TimelineGlyphs = Readonly<Record<PhaseName | 'failed', string>>;

const unicodePhases: TimelineGlyphs = {queued: '·', retry: '↻', setup: '╌', connect: '░', send: '▫', wait: '▒', receive: '█', write: 'w', workQueued: '…', thumbnail: 't', failed: '✗'};

/** Without UTF-8 each phase still gets its own character; ASCII has no shades, so letters and marks. */
const asciiPhases: TimelineGlyphs = {queued: '.', retry: '~', setup: ',', connect: 'c', send: 's', wait: '-', receive: '#', write: 'w', workQueued: ':', thumbnail: 't', failed: 'x'};

/** One character per phase, from the terminal's glyph set (unicode or its ASCII stand-ins). */
export function timelineGlyphs(set: Glyphs): TimelineGlyphs {
	return set.unicode ? unicodePhases : asciiPhases;
}

export function phaseMs(phases: ImagePhases, name: PhaseName): number {
	const value = phases[`${name}Ms`];
	return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}
