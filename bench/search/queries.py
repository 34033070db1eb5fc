#!/usr/bin/env python3
"""Query sets for the search benchmark, generated from a gen_corpus.py corpus (deterministic).

    queries.py bytes CORPUS_DIR [--count 20] [--seed 7]    > bytes-queries.json
    queries.py known CORPUS_DIR [--sample 200] [--seed 7]  > known-items.json

`bytes`: a fixed list of queries typed by a reader: alternately the longest word of a page's
title and two consecutive words of a title, from pages drawn with the seed.

`known`: a known-item set. For each of `--sample` pages (section `_index.md` pages left out;
drawn with the seed) three queries whose target is that page:
  * title:  the words of the title, as written;
  * typo:   the title with one typo in one of its words of five letters or more (word,
            position and kind of edit - substitute, delete, insert, swap with the next letter -
            drawn with the seed); pages without such a word get no typo query;
  * phrase: a run of 3 or 4 consecutive words from one sentence of the body: the one found
            as a run in the fewest pages of the corpus, then the one whose words are found
            together (anywhere in the title or prose) in the fewest pages (ties drawn with the
            seed). Both counts are recorded: the second says how many pages an engine that
            ignores word order cannot tell apart from the target.
Each query records its target's source path (relative to the corpus's content folder) and the
source paths of the pages with the same title ("twins", which no title query can tell apart).

Python 3 standard library only.
"""
import argparse
import json
import os
import random
import re
import sys
import unicodedata

STOP = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "up", "with", "v2", "v3"}
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def read_page(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    front, body = {}, text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            for line in text[4:end].splitlines():
                if ":" in line and not line.startswith(" "):
                    key, value = line.split(":", 1)
                    front[key.strip()] = value.strip()
            body = text[end + 5:]
    title = front.get("title", "")
    if len(title) >= 2 and title[0] == title[-1] and title[0] in "\"'":
        title = title[1:-1]
    return title, body


def sentences(body):
    """The prose sentences of a Markdown body: no headings, lists, tables, code or links."""
    out, fenced = [], False
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fenced = not fenced
            continue
        if fenced or not stripped or stripped[0] in "#-*|>0123456789<!" or stripped.startswith("    "):
            continue
        stripped = re.sub(r"`[^`]*`", " . ", stripped)  # code spans break a phrase
        stripped = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", stripped)
        stripped = re.sub(r"<[^>]*>", " . ", stripped)
        stripped = stripped.replace("**", "").replace("__", "")
        for sentence in re.split(r"[.!?;:()\[\]\"]+\s*", stripped):
            words = WORD.findall(sentence)
            if len(words) >= 3:
                out.append(words)
    return out


def pages(corpus):
    root = os.path.join(corpus, "content") if os.path.isdir(os.path.join(corpus, "content")) else corpus
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, root).replace(os.sep, "/"), path))
    return found


def bytes_queries(corpus, count, seed):
    rng = random.Random(seed)
    docs = [(rel, read_page(path)[0]) for rel, path in pages(corpus) if not rel.endswith("_index.md")]
    queries, seen = [], set()
    while len(queries) < count:
        rel, title = rng.choice(docs)
        words = [w for w in title.split() if WORD.fullmatch(w.strip(",:")) and not w[0].isdigit()]
        words = [w.strip(",:") for w in words]
        if not words:
            continue
        if len(queries) % 2 == 0:
            q = max(words, key=lambda w: (len(w), w))
        else:
            pairs = [(a, b) for a, b in zip(words, words[1:]) if fold(a) not in STOP and fold(b) not in STOP]
            if not pairs:
                continue
            a, b = rng.choice(pairs)
            q = a + " " + b
        if fold(q) not in seen:
            seen.add(fold(q))
            queries.append(q)
    return queries


def typo(word, rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    kind = rng.choice(["substitute", "delete", "insert", "swap"])
    if kind == "swap":
        for _ in range(20):
            i = rng.randrange(len(word) - 1)
            if word[i] != word[i + 1]:
                return word[:i] + word[i + 1] + word[i] + word[i + 2:], kind, i
        kind = "substitute"
    if kind == "substitute":
        i = rng.randrange(len(word))
        c = rng.choice([c for c in letters if c != word[i].lower()])
        return word[:i] + c + word[i + 1:], kind, i
    if kind == "delete":
        i = rng.randrange(len(word))
        return word[:i] + word[i + 1:], kind, i
    i = rng.randrange(len(word) + 1)
    return word[:i] + rng.choice(letters) + word[i:], kind, i


def known_items(corpus, sample, seed):
    rng = random.Random(seed)
    all_pages = pages(corpus)
    titles, bodies = {}, {}
    for rel, path in all_pages:
        titles[rel], bodies[rel] = read_page(path)
    by_title = {}
    for rel, title in titles.items():
        by_title.setdefault(fold(title), []).append(rel)
    candidates = [rel for rel, _ in all_pages if not rel.endswith("_index.md")]
    chosen = sorted(rng.sample(candidates, min(sample, len(candidates))))

    # Phrases: the 3- and 4-word runs of the chosen pages; for each, how many pages hold all
    # of its words (what a word-based engine can tell apart) and how many hold the run itself.
    runs = {}
    for rel in chosen:
        mine = set()
        for words in sentences(bodies[rel]):
            low = [fold(w) for w in words]
            for n in (3, 4):
                for i in range(len(words) - n + 1):
                    mine.add(tuple(low[i:i + n]))
        runs[rel] = mine
    wanted = set().union(*runs.values()) if runs else set()
    vocab = {w for run in wanted for w in run}
    has_word = dict.fromkeys(vocab, 0)  # word -> bit set of the pages holding it
    df = dict.fromkeys(wanted, 0)
    for bit, (rel, _) in enumerate(all_pages):
        mine, words_here = set(), set()
        for words in sentences(bodies[rel]):
            low = [fold(w) for w in words]
            words_here.update(w for w in low if w in has_word)
            for n in (3, 4):
                for i in range(len(low) - n + 1):
                    key = tuple(low[i:i + n])
                    if key in df:
                        mine.add(key)
        for w in WORD.findall(fold(titles[rel])):
            if w in has_word:
                words_here.add(w)
        for w in words_here:
            has_word[w] |= 1 << bit
        for key in mine:
            df[key] += 1

    def with_all_words(run):
        bits = -1
        for w in run:
            bits &= has_word[w]
        return bin(bits).count("1")

    out = []
    for rel in chosen:
        title = titles[rel]
        twins = sorted(r for r in by_title[fold(title)] if r != rel)
        base = {"target": rel, "twins": twins}
        out.append(dict(base, kind="title", query=title))
        long_words = [(i, w) for i, w in enumerate(title.split()) if len(WORD.findall(w)) == 1
                      and len(WORD.findall(w)[0]) >= 5 and WORD.findall(w)[0].isalpha()]
        if long_words:
            at, word = rng.choice(long_words)
            core = WORD.findall(word)[0]
            wrong, edit, pos = typo(core, rng)
            words = title.split()
            words[at] = word.replace(core, wrong, 1)
            out.append(dict(base, kind="typo", query=" ".join(words), edit=edit, position=pos,
                            word=core))
        if runs[rel]:
            scored = {k: (df[k], with_all_words(k)) for k in runs[rel]}
            best = min(scored.values())
            phrase = rng.choice(sorted(k for k in runs[rel] if scored[k] == best))
            out.append(dict(base, kind="phrase", query=" ".join(phrase), pages_with_phrase=best[0],
                            pages_with_words=best[1], twins=[]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["bytes", "known"])
    ap.add_argument("corpus")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.what == "bytes":
        result = bytes_queries(args.corpus, args.count, args.seed)
    else:
        result = known_items(args.corpus, args.sample, args.seed)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
