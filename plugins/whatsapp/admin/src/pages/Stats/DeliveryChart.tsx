import { Box, Flex, Typography } from '@strapi/design-system';
import type { GetStats } from '../../../../shared/contracts/conversations';
import { useT } from '../../hooks/use-t';

/** A grouped bar chart in plain SVG (no chart library): sent, delivered, read and failed per row. */

export const SERIES = [
  { key: 'sent', color: '#8e8ea9' },
  { key: 'delivered', color: '#4945ff' },
  { key: 'read', color: '#53bdeb' },
  { key: 'failed', color: '#d02b20' },
] as const;

const BAR = 10;
const GAP = 4;
const GROUP_GAP = 18;
const LABEL_WIDTH = 160;
const CHART_WIDTH = 420;

export const DeliveryChart = ({ rows, title }: { rows: { label: string; counts: GetStats.Counts }[]; title: string }) => {
  const t = useT();
  const max = Math.max(1, ...rows.flatMap((r) => SERIES.map((s) => r.counts[s.key])));
  const groupHeight = SERIES.length * (BAR + GAP) + GROUP_GAP;
  const height = Math.max(groupHeight, rows.length * groupHeight);
  const width = LABEL_WIDTH + CHART_WIDTH + 50;

  return (
    <Box>
      <Flex gap={4} paddingBottom={2} wrap="wrap">
        {SERIES.map((s) => (
          <Flex key={s.key} gap={1} alignItems="center">
            <svg width="12" height="12" aria-hidden>
              <rect width="12" height="12" fill={s.color} rx="2" />
            </svg>
            <Typography variant="pi">{t(`inbox.stats.${s.key}`, s.key)}</Typography>
          </Flex>
        ))}
      </Flex>
      <svg role="img" aria-label={title} width="100%" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }}>
        <title>{title}</title>
        {rows.map((row, i) => {
          const y0 = i * groupHeight;
          return (
            <g key={`${row.label}-${i}`}>
              <text x={LABEL_WIDTH - 8} y={y0 + (SERIES.length * (BAR + GAP)) / 2 + 4} textAnchor="end" fontSize="12" fill="#32324d">
                {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
              </text>
              {SERIES.map((s, j) => {
                const value = row.counts[s.key];
                const w = (value / max) * CHART_WIDTH;
                const y = y0 + j * (BAR + GAP);
                return (
                  <g key={s.key}>
                    <rect x={LABEL_WIDTH} y={y} width={Math.max(value ? 2 : 0, w)} height={BAR} fill={s.color} rx="2">
                      <title>{`${t(`inbox.stats.${s.key}`, s.key)}: ${value}`}</title>
                    </rect>
                    <text x={LABEL_WIDTH + w + 4} y={y + BAR - 1} fontSize="10" fill="#666687">
                      {value}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </Box>
  );
};
