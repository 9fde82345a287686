/**
 * The recurrent, attention and embedding layers; `layers/index.ts` re-exports and registers them.
 */
import { AdditiveAttention } from "./attention/additiveAttention.js";
import { Attention } from "./attention/attention.js";
import { MultiHeadAttention } from "./attention/multiHeadAttention.js";
import { Embedding } from "./core/embedding.js";
import { Masking } from "./core/masking.js";
import { Bidirectional } from "./rnn/bidirectional.js";
import { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D } from "./rnn/convLSTM.js";
import { ConvLSTMCell } from "./rnn/convLSTMCell.js";
import { GRU } from "./rnn/gru.js";
import { GRUCell } from "./rnn/gruCell.js";
import { LSTM } from "./rnn/lstm.js";
import { LSTMCell } from "./rnn/lstmCell.js";
import { RNN } from "./rnn/rnn.js";
import { RNNCell } from "./rnn/rnnCell.js";
import { SimpleRNN } from "./rnn/simpleRNN.js";
import { SimpleRNNCell } from "./rnn/simpleRNNCell.js";
import { StackedRNNCells } from "./rnn/stackedRNNCells.js";
import { TimeDistributed } from "./rnn/timeDistributed.js";

export type { EmbeddingOptions } from "./core/embedding.js";
export type { MaskingOptions } from "./core/masking.js";
export type { RNNCallOptions, RNNLayerOptions, RNNOptions } from "./rnn/rnn.js";
export type { RecurrentCellOptions } from "./rnn/rnnCell.js";
export type { LSTMCellOptions } from "./rnn/lstmCell.js";
export type { GRUCellOptions } from "./rnn/gruCell.js";
export type { SimpleRNNCellOptions } from "./rnn/simpleRNNCell.js";
export type { LSTMOptions } from "./rnn/lstm.js";
export type { GRUOptions } from "./rnn/gru.js";
export type { SimpleRNNOptions } from "./rnn/simpleRNN.js";
export type { BidirectionalOptions, MergeMode } from "./rnn/bidirectional.js";
export type { TimeDistributedOptions } from "./rnn/timeDistributed.js";
export type { StackedRNNCellsOptions } from "./rnn/stackedRNNCells.js";
export type { ConvLSTMOptions } from "./rnn/convLSTM.js";
export type { ConvLSTMCellOptions } from "./rnn/convLSTMCell.js";
export type { MultiHeadAttentionOptions, MultiHeadAttentionCallOptions } from "./attention/multiHeadAttention.js";
export type { AttentionOptions, AttentionCallOptions } from "./attention/attention.js";
export type { AdditiveAttentionOptions } from "./attention/additiveAttention.js";

export {
  AdditiveAttention,
  Attention,
  Bidirectional,
  ConvLSTM1D,
  ConvLSTM2D,
  ConvLSTM3D,
  ConvLSTMCell,
  Embedding,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  Masking,
  MultiHeadAttention,
  RNN,
  RNNCell,
  SimpleRNN,
  SimpleRNNCell,
  StackedRNNCells,
  TimeDistributed,
};
