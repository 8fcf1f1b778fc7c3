import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {EngineEvent} from '../source/engine/events.js';
import {asciiGlyphs, unicodeGlyphs} from '../source/format/glyphs.js';
import {applyEvent, createRunRecord, type RunRecord} from '../source/model/run-record.js';
import {captionLines, galleryScreen, type GalleryScreen} from '../source/view/gallery.js';

/** A finished run of `count` images, every third failed with `reason`. */
function run(strategy: 'sequential' | 'parallel', count: number, options: {work?: 'download' | 'thumbnail'; reason?: string; skipped?: string} = {}): RunRecord {
	const runId = `${strategy}-1`;
	const urls = Array.from({length: count}, (_, index) => `http://127.0.0.1:1/image/${index}.jpg`);
	const record = createRunRecord({type: 'run-started', runId, at: 0, strategy, role: strategy === 'sequential' ? 'one-at-a-time' : 'event-loop', concurrency: 1, client: 'got', urls, outDir: `out/${strategy}`, work: options.work ?? 'download'});
	const events: EngineEvent[] = urls.flatMap((url, index): EngineEvent[] => [
		{type: 'image-started', runId, at: 1, index, url},
		index % 3 === 2
			? {type: 'image-failed', runId, at: 2, index, url, code: 'ERR_IMGRACE_HTTP_STATUS', reason: options.reason ?? 'HTTP 500 Internal Server Error', retries: 0, totalMs: 1}
			: {type: 'image-done', runId, at: 2, index, url, bytes: 72_500, path: `out/${strategy}/${String(index + 1).padStart(3, '0')}.jpg`, contentType: 'image/jpeg', width: 800, height: 600, ttfbMs: 1, totalMs: 1, retries: 0, ...(options.skipped ? {workSkipped: options.skipped} : {})},
	]);
	for (const event of events) {
		applyEvent(record, event);
	}

	return record;
}

function pageLines(screen: GalleryScreen): number {
	return 1 + screen.sections.reduce((lines, section) => lines + 1 + (section.rows.length * (screen.pictureHeight + captionLines)), 0);
}

test('the gallery pages: every image once, no page taller than the room, no line wider than the terminal', () => {
	const runs = [{title: 'Sequential', record: run('sequential', 12)}, {title: 'Parallel', record: run('parallel', 12)}];
	for (const [columns, height] of [[100, 38], [80, 22], [40, 12]] as const) {
		const first = galleryScreen({runs, columns, height, page: 0, glyphs: unicodeGlyphs});
		const seen: string[] = [];
		for (let page = 0; page < first.pages; page++) {
			const screen = galleryScreen({runs, columns, height, page, glyphs: unicodeGlyphs});
			assert.ok(pageLines(screen) <= height, `${columns}x${height} page ${page + 1}: ${pageLines(screen)} lines`);
			// The key's next step: another page, or back from the last (as the histograms' h).
			if (first.pages > 1 && columns >= 80) {
				assert.match(screen.heading, page + 1 < first.pages ? /g next page/ : /g back/, screen.heading);
			}

			for (const section of screen.sections) {
				assert.ok([...section.title].length <= columns);
				for (const row of section.rows) {
					assert.ok(row.length <= screen.perRow);
					assert.ok((row.length * (screen.cellWidth + 1)) - 1 <= columns, 'a row of cells fits');
					seen.push(...row.map(cell => `${section.title.split(' ')[0]} ${cell.index}`));
				}
			}
		}

		assert.equal(seen.length, 24, `${columns}x${height}: every image once`);
		assert.equal(new Set(seen).size, 24);
	}
});

test('a cell: number, size and dimensions under the picture; a failed one its reason, escaped, in place of the picture', () => {
	const screen = galleryScreen({runs: [{title: 'Parallel', record: run('parallel', 3, {reason: 'HTTP 500 \u001B[2J<gone>'})}], columns: 100, height: 38, page: 0, glyphs: unicodeGlyphs});
	const [done, , failed] = screen.sections[0]!.rows[0]!;
	assert.deepEqual(done!.caption.map(line => line.trimEnd()), ['#1 72.5 kB', '800×600']);
	assert.deepEqual(done!.pictures.map(picture => picture.file), ['out/parallel/001.jpg']);
	assert.deepEqual(done!.pictures.map(picture => picture.alt), ['#1'], 'while drawn, the caption\'s number');
	assert.equal(failed!.caption[0].trimEnd(), '#3 ✗ failed');
	assert.deepEqual(failed!.pictures, []);
	assert.match(failed!.text.map(line => line.trimEnd()).join(' '), /HTTP 500 \\x1b\[2J<gone>/);
	assert.ok(failed!.text.every(line => [...line].length <= screen.cellWidth));
	assert.match(screen.sections[0]!.title.trimEnd(), /^Parallel · out\/parallel · 3 images$/);
});

test('--work thumbnail: each thumbnail beside its original, unless it was skipped; ASCII under LANG=C', () => {
	const thumbs = galleryScreen({runs: [{title: 'Parallel', record: run('parallel', 2, {work: 'thumbnail'})}], columns: 100, height: 38, page: 0, glyphs: asciiGlyphs});
	const cell = thumbs.sections[0]!.rows[0]![0]!;
	assert.deepEqual(cell.pictures.map(picture => [picture.kind, picture.file]), [['original', 'out/parallel/001.jpg'], ['thumbnail', 'out/parallel/001.thumb.jpg']]);
	assert.equal(thumbs.cellWidth, (thumbs.pictureWidth * 2) + 1);
	assert.deepEqual(cell.caption.map(line => line.trimEnd()), ['#1 72.5 kB', '800x600']);
	assert.match(thumbs.heading, /^[\u0020-\u007E]+$/);
	assert.match(thumbs.sections[0]!.title, /^[\u0020-\u007E]+$/);
	const skipped = galleryScreen({runs: [{title: 'Parallel', record: run('parallel', 1, {work: 'thumbnail', skipped: 'no WebP decoder here'})}], columns: 100, height: 38, page: 0, glyphs: unicodeGlyphs});
	assert.deepEqual(skipped.sections[0]!.rows[0]![0]!.pictures.map(picture => picture.kind), ['original']);
});
