import {useCallback, useEffect, useRef, useState} from 'react';
import {glyphs} from '../../format/glyphs.js';
import {galleryScreen, type GalleryScreen} from '../../view/gallery.js';
import {footerLines, type TerminalSize} from '../../view/screen.js';
import type {SessionSnapshot} from '../../view/snapshot.js';
import type {Preview, PreviewMaker} from '../live/picture-preview.js';

/** ink-picture, loaded the first time the gallery opens (it brings an image library: never at start-up). */
export type PictureModule = typeof import('ink-picture');

export type Gallery = {
	readonly open: boolean;
	/** The gallery's page for this snapshot and size; undefined while closed. */
	readonly screen: GalleryScreen | undefined;
	/** ink-picture, once loaded. */
	readonly pictures: PictureModule | undefined;
	/** Previews made so far, by picture key. */
	readonly previews: ReadonlyMap<string, Preview>;
	/** A run is in flight or about to start: nothing is decoded meanwhile. */
	readonly busy: boolean;
	/** g: open the gallery, then its next page, and close after the last. */
	readonly press: () => void;
	readonly close: () => void;
};

/** Previews kept across openings; past this many the oldest go. */
const keptPreviews = 256;

function inFlight(snapshot: SessionSnapshot): boolean {
	return snapshot.strategies.some(view => view.state === 'running' || view.state === 'waiting');
}

/**
 * The g key's gallery: which page is open, and the previews of the pictures on it, made one at a time
 * on a thread of their own, only for the pictures on screen, and only once no run is in flight
 * (decoding would compete with the downloads for the cores and skew what the race measures).
 */
export default function useGallery(snapshot: SessionSnapshot, size: TerminalSize): Gallery {
	const [state, setState] = useState<{open: boolean; page: number}>({open: false, page: 0});
	const [pictures, setPictures] = useState<PictureModule | undefined>(undefined);
	const [previews, setPreviews] = useState<ReadonlyMap<string, Preview>>(() => new Map());
	const pages = useRef(1);
	const maker = useRef<PreviewMaker | undefined>(undefined);
	/** Pictures asked of the thread, made or not yet: none is asked twice. */
	const requested = useRef(new Set<string>());
	const mounted = useRef(true);
	useEffect(() => () => {
		mounted.current = false;
		void maker.current?.close();
	}, []);
	const press = useCallback(() => {
		setState(current => {
			if (!current.open) {
				return {open: true, page: 0};
			}

			return current.page + 1 < pages.current ? {open: true, page: current.page + 1} : {open: false, page: 0};
		});
	}, []);
	const close = useCallback(() => {
		setState({open: false, page: 0});
	}, []);

	useEffect(() => {
		if (state.open && !pictures) {
			void import('ink-picture').then(loaded => {
				setPictures(loaded);
			});
		}
	}, [state.open, pictures]);

	let screen: GalleryScreen | undefined;
	if (state.open) {
		const runs = snapshot.strategies.flatMap(view => (view.record ? [{title: view.label.title, record: view.record}] : []));
		screen = galleryScreen({runs, columns: size.columns, height: Math.max(1, size.rows - 1 - footerLines(snapshot)), page: state.page, glyphs});
		pages.current = screen.pages;
	}

	const busy = inFlight(snapshot);
	const wanted = screen ? screen.sections.flatMap(section => section.rows.flatMap(row => row.flatMap(cell => cell.pictures))).filter(picture => !previews.has(picture.key)) : [];
	const wantedKeys = wanted.map(picture => picture.key).join('\n');
	useEffect(() => {
		const asked = wanted.filter(picture => !requested.current.has(picture.key));
		if (busy || asked.length === 0) {
			return;
		}

		for (const picture of asked) {
			requested.current.add(picture.key);
		}

		void (async () => {
			// Loaded with its decoders only here: the live race never pays for them.
			maker.current ??= (await import('../live/picture-preview.js')).previewMaker();
			// All at once: the thread decodes them in turn, and each is drawn as soon as it is made.
			await Promise.all(asked.map(async picture => {
				const preview = await maker.current!.make(picture);
				if (!mounted.current) {
					return;
				}

				setPreviews(current => {
					const next = new Map(current);
					next.set(picture.key, preview);
					for (const key of next.keys()) {
						if (next.size <= keptPreviews) {
							break;
						}

						next.delete(key);
						requested.current.delete(key);
					}

					return next;
				});
			}));
		})();
		// The pictures wanted are named by their keys; the list itself is new on every frame.
	}, [busy, wantedKeys]);

	return {open: state.open, screen, pictures, previews, busy, press, close};
}
