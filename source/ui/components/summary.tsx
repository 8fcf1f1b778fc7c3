import {Box, Text} from 'ink';
import React from 'react';
import {fitText} from '../../format/fit-text.js';
import {glyphs} from '../../format/glyphs.js';
import type {SummaryVariant, SummaryView} from '../../state/summary.js';

type Props = {
	readonly view: SummaryView;
	/** How much of it fits: every row, the compact rows, or only the verdict. */
	readonly variant: SummaryVariant;
	readonly width: number;
};

const labelWidth = 16;
const maxValueWidth = 34;

/** Both strategies side by side (label, sequential, parallel), then the verdict. */
function Summary({view, variant, width}: Props) {
	const valueWidth = Math.max(8, Math.min(maxValueWidth, Math.floor((width - labelWidth - 2) / 2)));
	const rows = variant === 'full' ? view.rows : (variant === 'compact' ? view.compactRows : []);
	const verdict = (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold color="green">{`${glyphs.arrow} `}{view.verdict}</Text>
				{view.samples[0] > 1 || view.samples[1] > 1 ? <Text dimColor>{`  (${view.samples[0]} vs ${view.samples[1]} runs)`}</Text> : null}
			</Text>
		</Box>
	);
	if (variant === 'verdict') {
		return verdict;
	}

	return (
		<Box flexDirection="column" width={width}>
			<Box width={width} height={1} overflow="hidden">
				<Text wrap="truncate-end" bold>
					{fitText('Summary', labelWidth)}
					{' '}
					{fitText(view.titles[0], valueWidth)}
					{' '}
					{fitText(view.titles[1], valueWidth)}
				</Text>
			</Box>
			{rows.map(row => (
				<Box key={row.label} width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end">
						<Text dimColor>{fitText(row.label, labelWidth)}</Text>
						{' '}
						{fitText(row.values[0], valueWidth)}
						{' '}
						{fitText(row.values[1], valueWidth)}
					</Text>
				</Box>
			))}
			{verdict}
		</Box>
	);
}

export default React.memo(Summary);
