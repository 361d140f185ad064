"""The attention classifier: sub-word embeddings, a BiGRU, label-wise attention.

Each theme has its own attention distribution over the tokens, so its probability is
computed only from the tokens it attended to, and those weights are what the app
highlights. A separate attention pooling feeds the focus regression head.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


@dataclass
class ModelConfig:
    vocab_size: int
    n_labels: int = 8
    embed_dim: int = 128
    hidden_dim: int = 96  # per direction
    attn_dim: int = 96
    focus_hidden: int = 64
    dropout: float = 0.5
    # Attention also reads each token's own embedding beside the BiGRU state, so a theme
    # word counts before the recurrent layer has learned anything (a fastText-like path).
    skip_embed: bool = True
    # Feature embeddings start small: with the default N(0, 1) a feature seen a few times
    # in training stays mostly random noise, and rare n-grams swamp a word's mean.
    embed_init_std: float = 0.1
    max_tokens: int = 512  # longer texts are truncated (Prediction.truncated)
    # Independently trained networks (same tokenizer, different seeds) whose probabilities,
    # focus and attention are averaged.
    n_members: int = 1


@dataclass
class Batch:
    """Token features packed for nn.EmbeddingBag, plus the padded layout of the texts."""

    feature_ids: torch.Tensor  # (n_features,) all feature ids of all tokens, in order
    feature_offsets: torch.Tensor  # (n_tokens,) where each token's features start
    lengths: torch.Tensor  # (B,) tokens per text, each >= 1
    token_index: torch.Tensor  # (B, T) index into the n_tokens rows, 0 where padded
    mask: torch.Tensor  # (B, T) True for real tokens


def make_batch(ids_per_text: list[list[list[int]]]) -> Batch:
    """Pack a list of texts (each a list of tokens, each a list of feature ids)."""
    lengths = [max(1, len(tokens)) for tokens in ids_per_text]
    flat_ids: list[int] = []
    offsets: list[int] = []
    for tokens in ids_per_text:
        for feats in tokens or [[0]]:  # an empty text becomes one padding token
            offsets.append(len(flat_ids))
            flat_ids.extend(feats)
    longest = max(lengths)
    token_index = torch.zeros(len(lengths), longest, dtype=torch.long)
    mask = torch.zeros(len(lengths), longest, dtype=torch.bool)
    start = 0
    for row, n in enumerate(lengths):
        token_index[row, :n] = torch.arange(start, start + n)
        mask[row, :n] = True
        start += n
    return Batch(
        feature_ids=torch.tensor(flat_ids, dtype=torch.long),
        feature_offsets=torch.tensor(offsets, dtype=torch.long),
        lengths=torch.tensor(lengths, dtype=torch.long),
        token_index=token_index,
        mask=mask,
    )


@dataclass
class Output:
    logits: torch.Tensor  # (B, L)
    focus: torch.Tensor  # (B,) on the 1..5 scale
    label_attention: torch.Tensor  # (B, L, T)
    focus_attention: torch.Tensor  # (B, T)


class AttentionPool(nn.Module):
    """Additive attention with one learned query per output: (B, T, D) -> (B, Q, D)."""

    def __init__(self, in_dim: int, attn_dim: int, n_queries: int):
        super().__init__()
        self.proj = nn.Linear(in_dim, attn_dim)
        self.queries = nn.Parameter(torch.randn(n_queries, attn_dim) * attn_dim**-0.5)

    def forward(self, h: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        scores = torch.tanh(self.proj(h)) @ self.queries.T  # (B, T, Q)
        scores = scores.masked_fill(~mask.unsqueeze(-1), float("-inf"))
        weights = torch.softmax(scores, dim=1).transpose(1, 2)  # (B, Q, T)
        return weights @ h, weights  # (B, Q, D), (B, Q, T)


class AttentionNetwork(nn.Module):
    """One network: embeddings -> BiGRU -> label-wise attention and a focus head."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        c = config
        self.embed = nn.EmbeddingBag(c.vocab_size, c.embed_dim, mode="mean", padding_idx=0)
        with torch.no_grad():
            nn.init.normal_(self.embed.weight, std=c.embed_init_std)
            self.embed.weight[0].zero_()
        self.rnn = nn.GRU(c.embed_dim, c.hidden_dim, batch_first=True, bidirectional=True)
        d = 2 * c.hidden_dim + (c.embed_dim if c.skip_embed else 0)
        # One query per theme plus one for focus, all over the same keys: sharing the key
        # projection halves the attention cost, the largest part of a forward pass.
        self.pool = AttentionPool(d, c.attn_dim, c.n_labels + 1)
        # One output vector per theme: theme l's logit reads only theme l's context.
        self.label_weight = nn.Parameter(torch.randn(c.n_labels, d) * d**-0.5)
        self.label_bias = nn.Parameter(torch.zeros(c.n_labels))
        self.focus_head = nn.Sequential(
            nn.Linear(d + c.n_labels, c.focus_hidden), nn.GELU(), nn.Linear(c.focus_hidden, 1)
        )
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, batch: Batch) -> Output:
        tokens = self.embed(batch.feature_ids, batch.feature_offsets)  # (n_tokens, E)
        x = self.dropout(tokens[batch.token_index])  # (B, T, E)
        packed = pack_padded_sequence(x, batch.lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.rnn(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        if self.config.skip_embed:
            h = torch.cat([h, x], dim=-1)
        h = self.dropout(h)  # (B, T, D)
        mask = batch.mask
        ctx, attn = self.pool(h, mask)  # (B, L + 1, D), (B, L + 1, T)
        label_ctx, focus_ctx = ctx[:, :-1], ctx[:, -1]
        logits = (label_ctx * self.label_weight).sum(-1) + self.label_bias
        # The focus head also sees which themes fired: a text that names distractions is
        # rarely a deep-focus session.
        focus_in = torch.cat([focus_ctx, torch.sigmoid(logits)], dim=-1)
        focus = 3.0 + 2.0 * torch.tanh(self.focus_head(focus_in).squeeze(-1))
        return Output(logits, focus, attn[:, :-1], attn[:, -1])


def multitask_loss(
    out: Output,
    labels: torch.Tensor,
    focus: torch.Tensor,
    pos_weight: torch.Tensor,
    focus_weight: float,
) -> torch.Tensor:
    """Theme BCE (positives up-weighted) plus the focus error on a -1..1 scale.

    ``labels`` may be soft (0..1), as when a student learns from its teachers.
    """
    theme_loss = F.binary_cross_entropy_with_logits(out.logits, labels, pos_weight=pos_weight)
    focus_loss = F.mse_loss((out.focus - 3.0) / 2.0, (focus - 3.0) / 2.0)
    return theme_loss + focus_weight * focus_loss


class ThemeClassifier(nn.Module):
    """The saved model: ``n_members`` networks whose outputs are averaged at prediction."""

    def __init__(self, config: ModelConfig, members: list[AttentionNetwork] | None = None):
        super().__init__()
        self.config = config
        if members is None:
            members = [AttentionNetwork(config) for _ in range(config.n_members)]
        self.members = nn.ModuleList(members)

    def predict(self, batch: Batch) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Probabilities (B, L), focus (B,) and label attention (B, L, T), member means."""
        outs = [member(batch) for member in self.members]
        probs = torch.stack([torch.sigmoid(o.logits) for o in outs]).mean(0)
        focus = torch.stack([o.focus for o in outs]).mean(0)
        attention = torch.stack([o.label_attention for o in outs]).mean(0)
        return probs, focus, attention
