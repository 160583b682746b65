/**
 * Inference library: causal language models with a KV cache on DJL (ONNX Runtime decoders in the
 * Hugging Face "decoder with past" layout, and a small GPT built from DJL blocks on PyTorch),
 * prompt building with chat templates and reasoning-language forcing, seeded per-sample sampling,
 * batched generation and a per-JVM model registry for Spark executors.
 */
package org.polyreason.inference;
