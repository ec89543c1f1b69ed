import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** Exact text of each value (tooltips). */
  labels?: string[];
}

const Legend = ({ series }: { series: Series[] }) => (
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
);

/**
 * Lines over consecutive points (days) as inline SVG: no chart library (the panels need three
 * simple shapes; a chart dependency would be most of the bundle). Every point has a <title>.
 */
export const LineChart = ({ title, labels, series, height = 180 }: { title: string; labels: string[]; series: Series[]; height?: number }) => {
  const width = 640;
  const left = 30;
  const right = 10;
  const top = 10;
  const bottom = 24;
  const plot = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = labels.length > 1 ? (width - left - right) / (labels.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (v: number) => top + plot - (v / max) * plot;
  const tickEvery = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <Box>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }} data-chart="line">
        <title>{title}</title>
        <line x1={left} x2={width - right} y1={top + plot} y2={top + plot} stroke="#c0c0cf" />
        <text x={left - 4} y={top + 8} textAnchor="end" fontSize={10} fill="#666687">
          {max}
        </text>
        <text x={left - 4} y={top + plot} textAnchor="end" fontSize={10} fill="#666687">
          0
        </text>
        {labels.map((l, i) =>
          i % tickEvery === 0 ? (
            <text key={l} x={x(i)} y={height - 6} textAnchor="middle" fontSize={10} fill="#666687">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.name}>
            <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r={v > 0 ? 2.5 : 1.5} fill={s.color}>
                <title>{`${s.name}, ${labels[i] ?? ''}: ${s.labels?.[i] ?? v}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <Legend series={series} />
    </Box>
  );
};

/** Grouped vertical bars per label (months); negative values hang below the zero line. */
export const BarChart = ({ title, labels, series, height = 200 }: { title: string; labels: string[]; series: Series[]; height?: number }) => {
  const width = Math.max(480, labels.length * (series.length * 14 + 18) + 20);
  const top = 10;
  const bottom = 24;
  const plot = height - top - bottom;
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const zeroY = top + (max / span) * plot;
  const group = (width - 16) / Math.max(1, labels.length);
  const bar = Math.max(4, Math.min(18, (group - 10) / Math.max(1, series.length)));
  return (
    <Box>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }} data-chart="bar">
        <title>{title}</title>
        <line x1={8} x2={width - 8} y1={zeroY} y2={zeroY} stroke="#c0c0cf" />
        {labels.map((l, i) => {
          const x0 = 8 + i * group + (group - bar * series.length) / 2;
          return (
            <g key={l}>
              {series.map((s, j) => {
                const v = s.values[i] ?? 0;
                const h = (Math.abs(v) / span) * plot;
                return (
                  <rect key={s.name} x={x0 + j * bar} y={v >= 0 ? zeroY - h : zeroY} width={bar - 2} height={Math.max(v === 0 ? 0 : 1, h)} fill={s.color} rx={1}>
                    <title>{`${s.name}, ${l}: ${s.labels?.[i] ?? v}`}</title>
                  </rect>
                );
              })}
              <text x={8 + i * group + group / 2} y={height - 6} textAnchor="middle" fontSize={10} fill="#666687">
                {l}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </Box>
  );
};

/** Horizontal bars, one per row (funnel steps, top courses), widths relative to `max`. */
export const HorizontalBars = ({ title, rows, max, color = '#4945ff' }: { title: string; rows: Array<{ label: string; value: number; text: string }>; max: number; color?: string }) => {
  const width = 640;
  const rowHeight = 22;
  const labelWidth = 220;
  const height = rows.length * rowHeight + 4;
  const scale = (v: number) => ((width - labelWidth - 190) * v) / Math.max(1, max);
  return (
    <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }} data-chart="bars">
      <title>{title}</title>
      {rows.map((r, i) => (
        <g key={`${r.label}-${i}`} transform={`translate(0 ${i * rowHeight})`}>
          <text x={labelWidth - 6} y={15} textAnchor="end" fontSize={11} fill="#32324d">
            {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
          </text>
          <rect x={labelWidth} y={4} width={Math.max(r.value > 0 ? 2 : 0, scale(r.value))} height={14} fill={color} rx={2}>
            <title>{`${r.label}: ${r.text}`}</title>
          </rect>
          <text x={labelWidth + scale(r.value) + 6} y={15} fontSize={11} fill="#666687">
            {r.text}
          </text>
        </g>
      ))}
    </svg>
  );
};
