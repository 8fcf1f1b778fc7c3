import {Box, Text} from 'ink';
import React from 'react';
import {fitText} from '../../format/fit-text.js';
import {glyphs} from '../../format/glyphs.js';
import {fitTitle, summaryLayout} from '../../view/summary-layout.js';
import {claimLines, type SummaryRow, type SummaryVariant, type SummaryView} from '../../view/summary.js';

type Props = {
	readonly view: SummaryView;
	/** How much of it fits: every row, the compact rows, or only the verdict. */
	readonly variant: SummaryVariant;
	readonly width: number;
};

/**
 * The strategies side by side (label, then one column each), then the verdict. Columns that do not
 * fit on one line come in blocks, one under the other, each with its own title row.
 */
function Summary({view, variant, width}: Props) {
	const layout = summaryLayout(view.titles.length, width);
	const {labelWidth, valueWidth} = layout;
	const rows = {full: view.rows, costs: view.costRows, compact: view.compactRows, verdict: []}[variant];
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

	const label = (row: SummaryRow) => (layout.short ? row.shortLabel : row.label);
	const values = (row: SummaryRow) => (layout.short ? row.shortValues : row.values);
	return (
		<Box flexDirection="column" width={width}>
			{layout.groups.map((group, block) => (
				<Box key={group[0]} flexDirection="column" width={width}>
					<Box width={width} height={1} overflow="hidden">
						<Text wrap="truncate-end" bold>
							{fitText(block === 0 ? 'Summary' : '', labelWidth)}
							{group.map(column => ` ${fitTitle(view.titles[column]!, valueWidth)}`).join('')}
						</Text>
					</Box>
					{rows.map(row => (
						<Box key={row.label} width={width} height={1} overflow="hidden">
							<Text wrap="truncate-end">
								<Text dimColor>{fitText(label(row), labelWidth)}</Text>
								{group.map(column => ` ${fitText(values(row)[column]!, valueWidth)}`).join('')}
							</Text>
						</Box>
					))}
				</Box>
			))}
			{verdict}
			{variant === 'full' ? claimLines(view.claim, width).map((line, index) => (
				// Lines of one text, in order: the index is what identifies each.
				<Box key={index} width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end" dimColor>{line}</Text>
				</Box>
			)) : null}
			{variant === 'costs' && view.claimHalf !== undefined ? (
				<Box width={width} height={1} overflow="hidden">
					<Text wrap="truncate-end" dimColor>{`  ${view.claimHalf}`}</Text>
				</Box>
			) : null}
		</Box>
	);
}

export default React.memo(Summary);
