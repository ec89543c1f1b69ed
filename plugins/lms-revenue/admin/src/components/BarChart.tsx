import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { monthLabel } from '../format';

export interface BarSeries {
  name: string;
  color: string;
  /** Heights, in any one unit (major currency units); negative bars hang below the axis. */
  values: number[];
  /** What each bar says (exact money text), for its tooltip and the screen-reader table. */
  labels: string[];
}

/**
 * Grouped bars per month as inline SVG: no chart library. Negative values hang below the zero
 * line. Every bar has a <title>; the figure is described by a visually plain data table in the
 * page next to it, so the chart is a picture of numbers shown elsewhere.
 */
export const BarChart = ({ title, months, series, height = 200 }: { title: string; months: string[]; series: BarSeries[]; height?: number }) => {
  const width = Math.max(480, months.length * (series.length * 14 + 18) + 60);
  const left = 8;
  const top = 10;
  const bottom = 26;
  const plot = height - top - bottom;
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const zeroY = top + (max / span) * plot;
  const groupWidth = (width - left * 2) / Math.max(1, months.length);
  const barWidth = Math.max(4, Math.min(18, (groupWidth - 10) / Math.max(1, series.length)));
  return (
    <Box>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }}>
        <title>{title}</title>
        <line x1={left} x2={width - left} y1={zeroY} y2={zeroY} stroke="#c0c0cf" strokeWidth={1} />
        {months.map((m, i) => {
          const x0 = left + i * groupWidth + (groupWidth - barWidth * series.length) / 2;
          return (
            <g key={m}>
              {series.map((s, j) => {
                const v = s.values[i] ?? 0;
                const h = (Math.abs(v) / span) * plot;
                const y = v >= 0 ? zeroY - h : zeroY;
                return (
                  <rect key={s.name} x={x0 + j * barWidth} y={y} width={barWidth - 2} height={Math.max(v === 0 ? 0 : 1, h)} fill={s.color} rx={1}>
                    <title>{`${s.name}, ${monthLabel(m)}: ${s.labels[i] ?? ''}`}</title>
                  </rect>
                );
              })}
              <text x={left + i * groupWidth + groupWidth / 2} y={height - 8} textAnchor="middle" fontSize={10} fill="#666687">
                {monthLabel(m)}
              </text>
            </g>
          );
        })}
      </svg>
      <Flex gap={4} paddingTop={1} wrap="wrap">
        {series.map((s) => (
          <Flex key={s.name} gap={1} alignItems="center">
            <svg width={10} height={10} aria-hidden="true">
              <rect width={10} height={10} fill={s.color} rx={2} />
            </svg>
            <Typography variant="pi" textColor="neutral600">
              {s.name}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};

/**
 * One sale's fee waterfall as a horizontal stacked bar: where each unit of the gross went
 * (VAT, fee, platform, rounding, each instructor). Parts come from the stored waterfall lines.
 */
export const WaterfallBar = ({ parts }: { parts: Array<{ label: string; value: number; text: string; color: string }> }) => {
  const total = parts.reduce((s, p) => s + Math.max(0, p.value), 0) || 1;
  let x = 0;
  return (
    <svg role="img" aria-label="Where the gross went" viewBox="0 0 600 28" width="100%" style={{ maxWidth: 600, display: 'block' }}>
      {parts
        .filter((p) => p.value > 0)
        .map((p) => {
          const w = (p.value / total) * 600;
          const rect = (
            <rect key={p.label} x={x} y={2} width={Math.max(1, w - 1)} height={24} fill={p.color}>
              <title>{`${p.label}: ${p.text}`}</title>
            </rect>
          );
          x += w;
          return rect;
        })}
    </svg>
  );
};
