import type { Env } from './env';
import type { Segment } from './plan';

/** The base chain of every clip input: output frame rate from t = 0, size, pixel format, last frame held. */
function baseChain(env: Env, index: number): string {
  const { input, rate, picture } = env;
  const fps = `fps=fps=${rate.num}/${rate.den}:start_time=0`;
  // One colour matrix and range for every part: the SPS of all parts must match for stream copy.
  // The scaler is skipped for clips already in the output format (it costs as much as decoding).
  const inMatrix = picture.color_space && picture.color_space !== 'unknown' ? '' : `:in_color_matrix=${picture.matrix}`;
  const scale = picture.passthrough ? null : `scale=w=${input.width}:h=${input.height}:flags=bicubic${inMatrix}:out_color_matrix=bt709:out_range=tv`;
  // Dropping frames before scaling is cheaper; when adding frames, scale first.
  const body = input.source.fps !== null && input.source.fps > input.fps ? [fps, scale] : [scale, fps];
  // A picture that ends before its probed length holds its last frame (trims never run short).
  return `[${index}:v:0]${[...body.filter((f): f is string => f !== null), 'setsar=1', 'format=yuv420p', 'tpad=stop_mode=clone:stop=-1'].join(',')}`;
}

/**
 * The filter graph of the unit: each stretch of the clip reads the clip through its own input
 * (decoding from the start), so no branch ever waits on another and memory holds at most one
 * reversed stretch or one dissolve at a time.
 */
export function unitVideoGraph(env: Env, direct: Extract<Segment, { kind: 'direct' }> | null): { inputs: number; graph: string } {
  const { plan } = env;
  const pieces = plan.videoPieces;
  const chains: string[] = [];
  const labels: string[] = [];
  let next = 0;
  /** A dissolve's tail that comes from the decode of the stretch just before it. */
  let sharedTail: string | null = null;
  pieces.forEach((p, k) => {
    const label = `p${k}`;
    const after = pieces[k + 1];
    if (p.kind === 'forward' && after?.kind === 'dissolve' && after.tailStart === p.end) {
      // One decode, front to back: this stretch, then (right after it in the clip) the dissolve's tail.
      const i = next++;
      chains.push(`${baseChain(env, i)},split=2[a${k}][b${k}]`);
      chains.push(`[a${k}]trim=start_frame=${p.start}:end_frame=${p.end},setpts=PTS-STARTPTS[${label}]`);
      sharedTail = `[b${k}]`;
    } else if (p.kind === 'forward' || p.kind === 'reverse') {
      const i = next++;
      chains.push(`${baseChain(env, i)},trim=start_frame=${p.start}:end_frame=${p.end},setpts=PTS-STARTPTS${p.kind === 'reverse' ? ',reverse' : ''}[${label}]`);
    } else {
      const head = next++;
      const tail = sharedTail ?? `${baseChain(env, next++)},`;
      // The head fades in (by its alpha) over the tail: at the dissolve's first frame only the
      // tail shows, continuing the frame before it; by its end only the head, which the next
      // pass continues.
      chains.push(`${baseChain(env, head)},trim=end_frame=${p.length},setpts=PTS-STARTPTS,format=yuva420p,fade=t=in:s=0:n=${p.length}:alpha=1[h${label}]`);
      chains.push(`${tail}trim=start_frame=${p.tailStart}:end_frame=${p.tailStart + p.length},setpts=PTS-STARTPTS[t${label}]`);
      chains.push(`[t${label}][h${label}]overlay=x=0:y=0:format=yuv420:eof_action=pass,format=yuv420p[${label}]`);
      sharedTail = null;
    }
    labels.push(label);
  });
  const joined = labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=1:a=0` : `[${labels[0]}]null`;
  const tailFilters = [`trim=end_frame=${plan.unitEncodeFrames}`];
  if (direct) tailFilters.push(...fades(direct.frames, direct.fadeInFrames, direct.fadeOutFrames));
  chains.push(`${joined},${tailFilters.join(',')}[v]`);
  return { inputs: next, graph: chains.join(';') };
}

export function fades(frames: number, fadeIn: number, fadeOut: number): string[] {
  const out: string[] = [];
  if (fadeIn > 0) out.push(`fade=t=in:s=0:n=${fadeIn}`);
  if (fadeOut > 0) out.push(`fade=t=out:s=${frames - fadeOut}:n=${fadeOut}`);
  return out.length ? out : ['null'];
}
