/** Nice tick steps, in seconds: 1, 2 and 5 times powers of ten. */
function niceSteps(): number[] {
	const steps: number[] = [];
	for (let exponent = -3; exponent <= 6; exponent++) {
		for (const mantissa of [1, 2, 5]) {
			steps.push(mantissa * (10 ** exponent));
		}
	}

	return steps;
}

const steps = niceSteps();

function tickLabel(seconds: number, step: number): string {
	const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
	return seconds.toFixed(decimals);
}

/**
 * A time axis of exactly `columns` columns for 0 … `spanMs`, labelled in seconds at the finest nice
 * step (1, 2, 5 × 10^k s) whose labels do not touch: "0    0.5  1.0  1.5". Column c stands for the
 * time from c to c + 1 times spanMs / columns.
 */
export function timeAxisLine(spanMs: number, columns: number): string {
	if (columns <= 0) {
		return '';
	}

	const spanSeconds = spanMs > 0 && Number.isFinite(spanMs) ? spanMs / 1000 : 1;
	const secondsPerColumn = spanSeconds / columns;
	const widest = (step: number) => Math.max(tickLabel(spanSeconds, step).length, tickLabel(0, step).length);
	const step = steps.find(candidate => candidate / secondsPerColumn >= widest(candidate) + 1) ?? steps.at(-1)!;
	const cells = Array.from({length: columns}, () => ' ');
	let free = 0;
	for (let tick = 0; tick * step <= spanSeconds + 1e-9; tick++) {
		const label = tickLabel(tick * step, step);
		const column = Math.round(tick * step / secondsPerColumn);
		if (column < free || column + label.length > columns) {
			continue;
		}

		for (const [offset, character] of [...label].entries()) {
			cells[column + offset] = character;
		}

		free = column + label.length + 1;
	}

	return cells.join('');
}
