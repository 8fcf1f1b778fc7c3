import {Box, Text} from 'ink';
import React from 'react';
import {fitText} from '../../format/fit-text.js';
import {glyphs} from '../../format/glyphs.js';
import type {SummaryVariant, SummaryView} from '../../view/summary.js';

type Props = {
	readonly view: SummaryView;
	/** How much of it fits: every row, the compact rows, or only the verdict. */
	readonly variant: SummaryVariant;
	readonly width: number;
};

const labelWidth = 16;
const maxValueWidth = 34;

/** The strategies side by side (label, then one column each), then the verdict. */
function Summary({view, variant, width}: Props) {
	const columns = view.titles.length;
	const valueWidth = Math.max(8, Math.min(maxValueWidth, Math.floor((width - labelWidth - columns) / columns)));
	const rows = variant === 'full' ? view.rows : (variant === 'compact' ? view.compactRows : []);
	const verdict = (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold color="green">{`${glyphs.arrow} `}{view.verdict}</Text>
				{view.samples.some(count => count > 1) ? <Text dimColor>{`  (${view.samples.join(' vs ')} runs)`}</Text> : null}
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
					{view.titles.map(title => ` ${fitText(title, valueWidth)}`).join('')}
				</Text>
			</Box>
			{rows.map(row => (
				<Box key={row.label} width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end">
						<Text dimColor>{fitText(row.label, labelWidth)}</Text>
						{row.values.map(value => ` ${fitText(value, valueWidth)}`).join('')}
					</Text>
				</Box>
			))}
			{verdict}
			{variant === 'full' && view.claim !== undefined ? (
				<Box width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end" dimColor>{`  ${view.claim}`}</Text>
				</Box>
			) : null}
		</Box>
	);
}

export default React.memo(Summary);
