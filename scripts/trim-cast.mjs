// Trims an asciinema recording (asciicast v2) for the readme: idle gaps are cut to 1 s (3 s for the one long
// pause on the finished screen, so it can be read before the animation goes on), output events closer than
// 50 ms are joined into one frame (fewer frames, a smaller SVG; the bytes are the same), and the last frame
// is held 6 s before the animation loops. Usage: node scripts/trim-cast.mjs IN.cast OUT.cast
import console from 'node:console';
import {readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
	console.error('usage: node scripts/trim-cast.mjs IN.cast OUT.cast');
	process.exit(2);
}

const [headerLine, ...lines] = readFileSync(input, 'utf8').split('\n').filter(line => line.trim() !== '');
const header = JSON.parse(headerLine);
// The gaps are cut here, in the file, so that any player (and svg-term) shows the trimmed timing.
delete header.idle_time_limit;
const events = [];
let at = 0;
let previous = 0;
for (const line of lines) {
	const [time, kind, data] = JSON.parse(line);
	const gap = time - previous;
	previous = time;
	at += Math.min(gap, gap > 10 ? 3 : 1);
	const last = events.at(-1);
	if (last && last[1] === kind && at - last[0] < 0.05) {
		last[2] += data;
	} else {
		events.push([Math.round(at * 1000) / 1000, kind, data]);
	}
}

events.push([Math.round((at + 6) * 1000) / 1000, 'o', '']);
writeFileSync(output, [JSON.stringify(header), ...events.map(event => JSON.stringify(event))].join('\n') + '\n');
console.log(`${lines.length} events -> ${events.length}, ${(at + 6).toFixed(1)} s`);
