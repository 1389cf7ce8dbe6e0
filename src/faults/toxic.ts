/**
 * Which way the data a toxic acts on flows: `downstream` is upstream server -> client (replies),
 * `upstream` is client -> upstream server (requests). Toxiproxy's names.
 */
export type ToxicStream = 'downstream' | 'upstream'

/** Fields every toxic has, whatever its type (Toxiproxy's toxic JSON, minus `attributes`). */
interface ToxicCommon<Type extends string, Attributes> {
  /** Unique on its proxy; `removeToxic(name)` takes it. @default `${type}_${stream}` */
  readonly name?: string
  readonly type: Type
  /** @default 'downstream' */
  readonly stream?: ToxicStream
  /**
   * Probability (0..1) that the toxic applies to a given connection; drawn once per connection
   * when the toxic meets it. @default 1
   */
  readonly toxicity?: number
  readonly attributes: Attributes
}

/** Delays data by `latency` ms, ± `jitter` ms (uniform), measured from when the proxy read it. */
export type LatencyToxic = ToxicCommon<'latency', { latency: number; jitter?: number }>

/** Passes data at `rate` KB/s (1 KB = 1000 bytes). */
export type BandwidthToxic = ToxicCommon<'bandwidth', { rate: number }>

/** Holds the close of the stream (the FIN) back for `delay` ms; data passes untouched. */
export type SlowCloseToxic = ToxicCommon<'slow_close', { delay: number }>

/**
 * Drops all data; closes the connection `timeout` ms after the toxic met it. `timeout: 0` never
 * closes: a half-open link. Removing the toxic closes the connections it dropped data on (the byte
 * stream is broken), as Toxiproxy does.
 */
export type TimeoutToxic = ToxicCommon<'timeout', { timeout: number }>

/**
 * On the next data (or close) on its stream, drops it and resets the connection (TCP RST, the
 * client sees ECONNRESET) `timeout` ms later.
 */
export type ResetPeerToxic = ToxicCommon<'reset_peer', { timeout: number }>

/**
 * Cuts data into slices of about `average_size` ± `size_variation` bytes, waiting `delay`
 * microseconds after each slice.
 */
export type SlicerToxic = ToxicCommon<
  'slicer',
  { average_size: number; size_variation?: number; delay?: number }
>

/** Passes exactly `bytes` bytes on its stream, then closes the connection. */
export type LimitDataToxic = ToxicCommon<'limit_data', { bytes: number }>

/**
 * A Toxiproxy toxic, as plain data.
 *
 * @example
 * const toxic: Toxic = { type: 'latency', attributes: { latency: 100, jitter: 10 } }
 */
export type Toxic =
  | LatencyToxic
  | BandwidthToxic
  | SlowCloseToxic
  | TimeoutToxic
  | ResetPeerToxic
  | SlicerToxic
  | LimitDataToxic

/** The toxic types, Toxiproxy's names. */
export type ToxicType = Toxic['type']

type Resolve<T extends Toxic> = {
  readonly name: string
  readonly type: T['type']
  readonly stream: ToxicStream
  readonly toxicity: number
  readonly attributes: Readonly<Required<T['attributes']>>
}

/** A validated toxic with every default filled in, as `toxics()` lists it. */
export type ResolvedToxic =
  | Resolve<LatencyToxic>
  | Resolve<BandwidthToxic>
  | Resolve<SlowCloseToxic>
  | Resolve<TimeoutToxic>
  | Resolve<ResetPeerToxic>
  | Resolve<SlicerToxic>
  | Resolve<LimitDataToxic>
