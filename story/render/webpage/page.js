/* The story's page: plays the story held in #story-data, with nothing from outside this file.
 *
 * The data is the model as `story export --format web` wrote it (story/render/web_data.py): the
 * texts as the terminal player shows them, each quote with its article's label, the routes and
 * the fact panel. What is left to do here is only what depends on the reader: where they are,
 * what they have read and answered, their own order of each question's options, and their save
 * in this browser (localStorage, one key per story and version, the shape the terminal player
 * writes). Story text is untrusted: it is only ever added as text (createTextNode, textContent,
 * setAttribute), never as HTML.
 */
(function () {
  "use strict";

  // -- helpers --------------------------------------------------------------------------------

  const has = (object, key) => object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key);
  const $ = (id) => document.getElementById(id);

  /** An element with some attributes and children; strings become text nodes, never markup. */
  function h(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "onclick") node.addEventListener("click", value);
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    return append(node, ...children);
  }

  /** Children added to a node, arrays flattened; strings as text nodes. */
  function append(node, ...children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(node, ...child);
      else node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function names(items, most = 5, longest = 40) {
    const unique = Array.from(new Set(items)).sort();
    const shown = unique.slice(0, most).map((name) => (name.length <= longest ? name : name.slice(0, longest - 1) + "\u2026"));
    const more = unique.length - shown.length;
    return shown.join(", ") + (more > 0 ? ` and ${more} more` : "");
  }

  // -- the story ------------------------------------------------------------------------------

  let story;
  try {
    story = JSON.parse($("story-data").textContent);
    if (!story || story.format !== 1) throw new Error("it was written for another version of this page");
  } catch (error) {
    append(clear($("scene")), h("p", { class: "notice" }, `This page's story could not be read (${error.message}).`));
    return;
  }
  const scenes = story.scenes;
  const KEY = story.key;
  const PREFIX = KEY.slice(0, KEY.lastIndexOf(":") + 1);
  const ASIDE = PREFIX + "aside:";
  const KEEP_ASIDE = 3;
  const SAVE_FIELDS = ["version", "story", "trail", "history", "visited", "answers", "seed"];
  const isScene = (id) => typeof id === "string" && has(scenes, id);

  function entryCount() {
    return Object.keys(story.entries).length;
  }

  /** A reader's progress, the shape of story.core.progress.Progress's snapshot. */
  function newProgress(seed) {
    return {
      trail: [story.start],
      history: [story.start],
      visited: [story.start],
      answers: {},
      seed: Number.isInteger(seed) ? seed : Math.floor(Math.random() * 2147483648),
    };
  }

  let progress = newProgress();
  let notice = null;
  let fresh = new Set();
  let found = new Set();

  const scene = () => scenes[progress.trail[progress.trail.length - 1]];
  const sceneId = () => progress.trail[progress.trail.length - 1];
  const answered = (id) => (has(progress.answers, id || sceneId()) ? progress.answers[id || sceneId()] : null);

  function unlocked(p) {
    const seen = new Set();
    for (const id of p.visited) {
      if (!isScene(id)) continue;
      for (const entry of scenes[id].unlocks) if (has(story.entries, entry)) seen.add(entry);
    }
    return Array.from(seen);
  }

  function place() {
    const route = story.routes[scene().route] || [sceneId()];
    const read = new Set(progress.visited.concat([sceneId()]));
    return [route.filter((id) => read.has(id)).length, route.length];
  }

  function score() {
    let right = 0;
    let given = 0;
    for (const id of Object.keys(progress.answers)) {
      const checkpoint = isScene(id) ? scenes[id].checkpoint : null;
      if (!checkpoint) continue;
      given += 1;
      if (checkpoint.options[progress.answers[id]].right) right += 1;
    }
    return [right, given];
  }

  // -- the order of a question's options: the reader's own, drawn from their seed ----------------

  function hash(text) {
    let value = 2166136261;
    for (const character of text) {
      value ^= character.codePointAt(0);
      value = Math.imul(value, 16777619) >>> 0;
    }
    return value;
  }

  function draws(seed) {
    let state = seed | 0;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** The options' indexes in the order this reader sees them: the same after a reload or a restart. */
  function readerOrder(id) {
    const checkpoint = scenes[id].checkpoint;
    const order = checkpoint ? checkpoint.options.map((_, index) => index) : [];
    const random = draws(hash(`${progress.seed}:${id}`));
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  /** What a reader is told after answering (story.core.options.feedback). */
  function feedback(checkpoint, answer, order) {
    const numbers = [];
    order.forEach((index, place) => {
      if (checkpoint.options[index].right) numbers.push(String(place + 1));
    });
    const right = checkpoint.options[answer].right;
    if (numbers.length < 2) return right ? "Right." : `Not quite: the answer is ${numbers.length ? numbers[0] : "?"}.`;
    const which = numbers.slice(0, -1).join(", ") + " and " + numbers[numbers.length - 1];
    const every = numbers.length === 2 ? "both count" : "each counts";
    return `${right ? "Right." : "Not quite."} The articles give different accounts here, and ${every}: ${which}.`;
  }

  /** A scene's citations numbered in reading order, one number a quote (story.core.footnotes). */
  function footnotes(id, isAnswered, order) {
    const items = [];
    const numbers = new Map();
    const add = (cites) => {
      for (const cite of cites) {
        const note = story.cites[cite][0];
        if (!numbers.has(note)) {
          numbers.set(note, items.length + 1);
          items.push(cite);
        }
      }
    };
    const current = scenes[id];
    for (const passage of current.passages) add(passage.cite);
    const checkpoint = current.checkpoint;
    if (checkpoint) {
      add(checkpoint.cite);
      if (isAnswered) {
        for (const index of order) add(checkpoint.options[index].cite);
        add(checkpoint.explanation.cite);
      }
    }
    const of = (cites) => {
      const found = [];
      for (const cite of cites) {
        const number = numbers.get(story.cites[cite][0]);
        if (number !== undefined && !found.includes(number)) found.push(number);
      }
      return found;
    };
    return { items, of };
  }

  // -- moves (story.core.progress.Progress and story.core.reader.Reader) -------------------------

  function arrive(id) {
    progress.trail.push(id);
    progress.history.push(id);
    if (!progress.visited.includes(id)) progress.visited.push(id);
  }

  function moved(before) {
    notice = null;
    const after = unlocked(progress);
    const news = after.filter((entry) => !before.has(entry));
    found = new Set(news);
    // The marks stay until something else is found, so that moving on keeps them.
    if (news.length || !Array.from(fresh).every((entry) => after.includes(entry))) fresh = new Set(news);
    return news;
  }

  function choose(index) {
    const choice = scene().choices[index];
    if (!choice || !isScene(choice.target)) return;
    const before = new Set(unlocked(progress));
    arrive(choice.target);
    show(moved(before));
  }

  function answer(index) {
    const checkpoint = scene().checkpoint;
    if (!checkpoint || index < 0 || index >= checkpoint.options.length) return;
    if (answered() === null) progress.answers[sceneId()] = index;
    notice = null;
    save();
    render();
    const result = document.querySelector(".verdict");
    const first = document.querySelector(".picks button");
    if (first) first.focus({ preventScroll: true });
    if (result) {
      result.scrollIntoView({ block: "nearest" });
      const explanation = checkpoint.explanation.text;
      say(`${result.textContent} ${explanation}`);
    }
  }

  function back() {
    if (progress.trail.length < 2) {
      say("This is the first scene: there is no scene before it.");
      return;
    }
    progress.trail.pop();
    progress.history.push(sceneId());
    show(moved(new Set(unlocked(progress))));
  }

  function jump(id) {
    if (!progress.visited.includes(id) || !isScene(id)) return;
    const before = new Set(unlocked(progress));
    const at = progress.trail.indexOf(id);
    if (at >= 0) {
      progress.trail.splice(at + 1);
      progress.history.push(id);
    } else {
      arrive(id);
    }
    show(moved(before));
  }

  function restart() {
    const seed = progress.seed;
    progress = newProgress(seed);
    show(moved(new Set()), "Started again from the beginning.");
  }

  /** After a move: save, show the new scene, move the focus to it and tell what it revealed. */
  function show(news, told) {
    save();
    render();
    const title = $("scene-title");
    window.scrollTo(0, 0);
    $("scene").scrollTop = 0;
    title.focus({ preventScroll: true });
    const parts = told ? [told] : [];
    if (news.length) parts.push(`New in the fact panel: ${news.map((entry) => story.entries[entry].called).join("; ")}.`);
    if (parts.length) say(parts.join(" "));
  }

  /** Tell a screen reader something (the live region), without moving the focus. */
  function say(text) {
    const live = $("live");
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  // -- the save, in this browser ---------------------------------------------------------------

  let store = null;
  let saving = true;
  let written = null;

  function openStore() {
    try {
      const candidate = window.localStorage;
      candidate.setItem(PREFIX + "probe", "1");
      candidate.removeItem(PREFIX + "probe");
      return candidate;
    } catch (error) {
      return null;
    }
  }

  /** What a save holds, if it is exactly what a player writes (story.core.progress.check_save). */
  function checkSave(saved) {
    if (saved === null || typeof saved !== "object" || Array.isArray(saved)) throw new Error("it is not a save file");
    if (!Number.isInteger(saved.version) || saved.version !== story.save) throw new Error("not a save file of this version");
    const unknown = Object.keys(saved).filter((key) => !SAVE_FIELDS.includes(key));
    if (unknown.length) throw new Error(`it has field(s) a save never has: ${names(unknown)}`);
    if (has(saved, "story") && typeof saved.story !== "string") throw new Error("its story title is not text");
    for (const name of ["trail", "history", "visited"]) {
      const value = saved[name];
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
        throw new Error(`save file is missing its lists: its ${name} is not a list of scene names`);
      }
    }
    if (!saved.trail.length) throw new Error("its trail is empty");
    const answers = saved.answers;
    if (
      answers === null ||
      typeof answers !== "object" ||
      Array.isArray(answers) ||
      !Object.values(answers).every((option) => Number.isInteger(option) && option >= 0)
    ) {
      throw new Error("save file is missing its answers: they are not scenes with option numbers");
    }
    if (has(saved, "seed") && !Number.isInteger(saved.seed)) throw new Error("its seed (the order of the options) is not a number");
  }

  /** Progress from a save, without what the story no longer has (Progress.from_dict). */
  function fromSave(saved) {
    checkSave(saved);
    const notes = [];
    let trail = saved.trail.filter(isScene);
    if (trail.length !== saved.trail.length) {
      notes.push(`the story no longer has scene(s) ${names(saved.trail.filter((id) => !isScene(id)))}`);
    }
    if (!trail.length) trail = [story.start];
    else if (trail[0] !== story.start) trail.unshift(story.start);
    const restored = newProgress(Number.isInteger(saved.seed) ? saved.seed : undefined);
    restored.trail = trail;
    restored.history = saved.history.filter(isScene);
    if (!restored.history.length) restored.history = trail.slice();
    restored.visited = Array.from(new Set(saved.visited.filter(isScene)));
    for (const id of trail) if (!restored.visited.includes(id)) restored.visited.push(id);
    for (const id of Object.keys(saved.answers)) {
      const option = saved.answers[id];
      if (isScene(id) && scenes[id].checkpoint && option < scenes[id].checkpoint.options.length) restored.answers[id] = option;
    }
    return [restored, notes];
  }

  function setAside(key, raw) {
    let aside = `${ASIDE}${new Date().toISOString()}`;
    for (let count = 2; store.getItem(aside) !== null; count += 1) aside = `${ASIDE}${new Date().toISOString()}-${count}`;
    try {
      store.setItem(aside, raw);
      store.removeItem(key);
    } catch (error) {
      try {
        store.removeItem(key);
      } catch (ignored) {
        /* the next save replaces it */
      }
      return "The old save could not be kept aside: your next save replaces it.";
    }
    const asides = [];
    for (let index = 0; index < store.length; index += 1) {
      const name = store.key(index);
      if (name && name.startsWith(ASIDE)) asides.push(name);
    }
    asides.sort();
    for (const old of asides.slice(0, Math.max(0, asides.length - KEEP_ASIDE))) store.removeItem(old);
    return `The old save was kept aside in this browser as \u201c${aside}\u201d.`;
  }

  /** Another version's save of this story, if this browser holds one (the newest key). */
  function olderSave() {
    const keys = [];
    for (let index = 0; index < store.length; index += 1) {
      const name = store.key(index);
      if (name && name.startsWith(PREFIX) && name !== KEY && !name.startsWith(ASIDE) && name !== PREFIX + "probe") keys.push(name);
    }
    return keys.sort().pop() || null;
  }

  function load() {
    store = openStore();
    if (store === null) {
      saving = false;
      return "This browser keeps no progress for this page (its storage is turned off or full): a reload starts again.";
    }
    let key = KEY;
    let raw = store.getItem(KEY);
    if (raw === null) {
      key = olderSave();
      raw = key === null ? null : store.getItem(key);
    }
    if (raw === null) return null;
    let notes;
    try {
      let saved;
      try {
        saved = JSON.parse(raw);
      } catch (error) {
        throw new Error(error instanceof RangeError ? "it is nested too deeply to be a save" : "it is not JSON");
      }
      [progress, notes] = fromSave(saved);
    } catch (error) {
      progress = newProgress();
      return `Your saved progress could not be read (${error.message}); starting afresh. ${setAside(key, raw)}`;
    }
    if (notes.length) {
      return `The story has changed since your last visit (${notes.join("; ")}). ${setAside(key, raw)}`;
    }
    if (key !== KEY) {
      save();
      if (saving) store.removeItem(key);
    }
    const [number, of] = place();
    return `Resumed your saved progress at \u201c${scene().title}\u201d (scene ${number} of ${of}).`;
  }

  function save() {
    if (!saving || store === null) return;
    const state = {
      version: story.save,
      story: story.title,
      trail: progress.trail.slice(),
      history: progress.history.slice(-1000),
      visited: progress.visited.slice(),
      answers: Object.assign({}, progress.answers),
      seed: progress.seed,
    };
    try {
      written = JSON.stringify(state);
      store.setItem(KEY, written);
    } catch (error) {
      saving = false;
      notice = `Your progress could not be saved in this browser (${error.name === "QuotaExceededError" ? "its storage is full" : error.message}).`;
    }
  }

  window.addEventListener("storage", (event) => {
    if (event.key !== KEY || event.newValue === written || !saving) return;
    saving = false;
    notice =
      "This story is open in another tab too, which saved since this one started; so as not to overwrite that " +
      "progress, moves made here are not saved. Reload this page to carry on from the latest save.";
    render();
    say(notice);
  });

  // -- showing ----------------------------------------------------------------------------------

  function quoteLine(cite) {
    const note = story.notes[story.cites[cite][0]];
    return [h("span", { class: "quote" }, note[1]), h("span", { class: "label" }, " \u2014 " + story.labels[note[0]])];
  }

  function markers(numbers, notes, labels) {
    return numbers.map((number) => [
      " ",
      h(
        "button",
        {
          type: "button",
          class: "marker",
          "aria-label": `footnote ${number}, ${story.labels[story.notes[story.cites[notes.items[number - 1]][0]][0]]}`,
          onclick: () => openFootnote(number, notes, labels),
        },
        `[${number}]`
      ),
    ]);
  }

  function withMarkers(tag, attributes, text, cites, notes, labels) {
    return h(tag, attributes, text, markers(notes.of(cites), notes, labels));
  }

  function renderBar() {
    const [number, of] = place();
    const [right, given] = score();
    const words = [`scene ${number} of ${of}`];
    if (given) words.push(`${right}/${given} answers right`);
    if (scene().ending) words.push("end");
    const line = clear($("place"));
    append(line, words.join(" \u00b7 "));
    if (found.size && factsOutOfSight()) {
      append(line, " \u00b7 ", h("button", { type: "button", class: "news", onclick: toggleFacts }, `\u25cf ${found.size} new in Facts (f)`));
    }
    const bar = $("progress");
    bar.setAttribute("aria-valuemax", String(of));
    bar.setAttribute("aria-valuenow", String(number));
    bar.setAttribute("aria-valuetext", `scene ${number} of ${of}`);
    bar.firstElementChild.style.width = `${Math.round(Math.min(1, number / Math.max(1, of)) * 100)}%`;
  }

  function renderScene() {
    const id = sceneId();
    const current = scene();
    const answer = answered();
    const order = readerOrder(id);
    const notes = footnotes(id, answer !== null, order);
    const labels = notes.items.map((_, index) => `footnote [${index + 1}]`);
    const main = clear($("scene"));
    document.title = `${current.title} \u2014 ${story.title}`;
    if (notice) append(main, h("p", { class: "notice", role: "status" }, notice));
    append(main, h("h2", { id: "scene-title", tabindex: "-1" }, current.title));
    for (const passage of current.passages) append(main, withMarkers("p", { class: "passage" }, passage.text, passage.cite, notes, labels));
    const checkpoint = current.checkpoint;
    if (checkpoint) append(main, renderCheckpoint(checkpoint, answer, order, notes, labels));
    if (current.ending) append(main, renderSummary());
    append(main, renderPicks(current, answer, order));
    if (notes.items.length) {
      append(
        main,
        h(
          "section",
          { class: "sources", "aria-labelledby": "sources-title" },
          h("h3", { id: "sources-title" }, "Sources"),
          h(
            "ol",
            { class: "notes" },
            notes.items.map((cite, index) =>
              h(
                "li",
                {},
                h(
                  "button",
                  { type: "button", class: "note item", "data-note": index + 1, onclick: () => openFootnote(index + 1, notes, labels) },
                  h("span", { class: "number" }, `[${index + 1}] `),
                  quoteLine(cite)
                )
              )
            )
          )
        )
      );
    }
    main.dataset.scene = id;
    currentNotes = { notes, labels };
  }

  let currentNotes = null;

  function renderCheckpoint(checkpoint, answer, order, notes, labels) {
    const section = h("section", { class: "checkpoint", "aria-labelledby": "question-title" }, h("h3", { id: "question-title" }, "Question"));
    append(section, withMarkers("p", { class: "question" }, checkpoint.question, checkpoint.cite, notes, labels));
    if (answer === null) {
      return append(section, h("p", { class: "hint" }, "Answer with a number key, or pick an answer below."));
    }
    const several = checkpoint.options.filter((option) => option.right).length > 1;
    const list = h("ol", { class: "answered" });
    order.forEach((index, place) => {
      const option = checkpoint.options[index];
      const right = option.right;
      append(
        list,
        h(
          "li",
          { class: right ? "right" : "wrong" },
          h("span", { class: "sign", "aria-hidden": "true" }, right ? "\u2713 " : "\u2717 "),
          h("span", { class: "visually-hidden" }, right ? "right answer: " : "not right: "),
          `${place + 1}. `,
          option.text,
          markers(notes.of(option.cite), notes, labels),
          several && right ? h("span", { class: "label" }, " \u2014 " + option.sources) : null,
          index === answer ? h("em", { class: "yours" }, "  \u2190 your answer") : null
        )
      );
    });
    append(section, list);
    const right = checkpoint.options[answer].right;
    append(section, h("p", { class: `verdict ${right ? "right" : "wrong"}`, tabindex: "-1" }, feedback(checkpoint, answer, order)));
    const explanation = checkpoint.explanation;
    append(section, withMarkers("p", { class: "explanation" }, explanation.text, explanation.cite, notes, labels));
    append(section, h("ul", { class: "because" }, explanation.cite.map((cite) => h("li", {}, quoteLine(cite)))));
    return section;
  }

  function renderSummary() {
    const items = [];
    for (const id of progress.visited) {
      const checkpoint = isScene(id) ? scenes[id].checkpoint : null;
      const answer = answered(id);
      if (!checkpoint || answer === null) continue;
      const option = checkpoint.options[answer];
      const rights = checkpoint.options.filter((item) => item.right).map((item) => item.text);
      items.push([checkpoint.question, option.text, option.right, rights]);
    }
    if (!items.length) return null;
    const right = items.filter((item) => item[2]).length;
    return h(
      "section",
      { class: "summary", "aria-labelledby": "summary-title" },
      h("h3", { id: "summary-title" }, `Your answers: ${right} of ${items.length} right`),
      h(
        "ul",
        {},
        items.map(([question, given, isRight, rights]) =>
          h(
            "li",
            { class: isRight ? "right" : "wrong" },
            h("span", { class: "sign", "aria-hidden": "true" }, isRight ? "\u2713 " : "\u2717 "),
            h("span", { class: "visually-hidden" }, isRight ? "right: " : "not right: "),
            question,
            isRight ? " \u2014 " : " \u2014 you answered ",
            h("em", {}, given),
            isRight ? null : ["; the answer: ", h("strong", {}, rights.join(" or "))]
          )
        )
      )
    );
  }

  /** The numbered items: a question's options, the scene's choices, or a new start at an ending. */
  function picks(current, answer, order) {
    if (current.checkpoint && answer === null) return order.map((index) => ["answer", index, current.checkpoint.options[index].text]);
    if (current.ending) return [["restart", 0, "Start again from the beginning"]];
    return current.choices.map((choice, index) => ["choose", index, choice.label]);
  }

  function renderPicks(current, answer, order) {
    const items = picks(current, answer, order);
    const kind = items.length ? items[0][0] : "choose";
    const heading = { answer: "Answers", choose: "Choices", restart: "The end" }[kind];
    return h(
      "section",
      { class: `choices ${kind}`, "aria-labelledby": "picks-title" },
      h("h3", { id: "picks-title", class: kind === "restart" ? "" : "visually-hidden" }, heading),
      h(
        "ol",
        { class: "picks" },
        items.map(([what, index, label], place) =>
          h(
            "li",
            {},
            h(
              "button",
              { type: "button", class: "pick item", "data-number": place + 1, onclick: () => pick(what, index) },
              h("span", { class: "key", "aria-hidden": "true" }, place < 9 ? String(place + 1) : ""),
              h("span", { class: "text" }, label),
              what === "choose" && progress.visited.includes(current.choices[index].target)
                ? h("span", { class: "read" }, "\u2713 read")
                : null
            )
          )
        )
      )
    );
  }

  function pick(what, index) {
    if (what === "answer") answer(index);
    else if (what === "choose") choose(index);
    else restart();
  }

  // -- the fact panel ----------------------------------------------------------------------------

  const SECTIONS = [
    ["fact", "Facts"],
    ["dispute", "Where the articles differ"],
    ["unknown", "Not known"],
    ["term", "Glossary"],
    ["moment", "Timeline"],
  ];

  function renderFacts() {
    const open = unlocked(progress);
    const body = clear($("facts-body"));
    const newCount = open.filter((entry) => fresh.has(entry)).length;
    $("facts-count").textContent = `${open.length} of ${entryCount()} found` + (newCount ? ` \u00b7 ${newCount} new` : "");
    if (!open.length) {
      append(body, h("p", { class: "hint" }, "Nothing yet: entries appear here as you read."));
      return;
    }
    for (const [kind, heading] of SECTIONS) {
      const ids = kind === "moment" ? story.timeline.filter((id) => open.includes(id)) : open.filter((id) => story.entries[id].kind === kind);
      if (!ids.length) continue;
      const slug = `facts-${kind}`;
      const list = h("ul", { class: `entries ${kind}` });
      for (const id of ids) append(list, renderEntry(id, story.entries[id], fresh.has(id)));
      append(body, h("section", { "aria-labelledby": slug }, h("h3", { id: slug }, heading), list));
    }
  }

  function newMark(isNew) {
    return isNew ? h("span", { class: "new" }, h("span", { "aria-hidden": "true" }, " \u25cf"), " new") : null;
  }

  function quoteButtons(cites, entry, all) {
    return h(
      "ul",
      { class: "quotes" },
      cites.map((cite) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "entry-quote", onclick: () => openEntry(entry, all.indexOf(cite)) },
            quoteLine(cite)
          )
        )
      )
    );
  }

  function renderEntry(id, entry, isNew) {
    const item = h("li", { class: "entry", "data-entry": id });
    if (entry.kind === "dispute") {
      append(item, h("h4", {}, entry.title, newMark(isNew)));
      append(
        item,
        h(
          "div",
          { class: "accounts" },
          entry.accounts.map((account) =>
            h(
              "div",
              { class: "account" },
              h("p", { class: "names" }, account.names),
              h("p", {}, account.text),
              quoteButtons(account.cite, entry, entry.all)
            )
          )
        )
      );
      return item;
    }
    if (entry.title) {
      append(item, h("h4", {}, entry.title, newMark(isNew)), h("p", {}, entry.text));
    } else {
      append(item, h("p", {}, entry.text, newMark(isNew)));
    }
    return append(item, quoteButtons(entry.cite, entry, entry.all));
  }

  const wide = window.matchMedia("(min-width: 60rem)");

  function factsOutOfSight() {
    const body = document.body;
    return wide.matches ? body.classList.contains("hide-facts") : !body.classList.contains("show-facts");
  }

  function toggleFacts() {
    const body = document.body;
    if (wide.matches) body.classList.toggle("hide-facts");
    else body.classList.toggle("show-facts");
    const shown = !factsOutOfSight();
    $("facts-toggle").setAttribute("aria-expanded", String(shown));
    if (shown) {
      found = new Set();
      $("facts").focus();
    } else {
      focusScene();
    }
    renderBar();
  }

  function closeFacts() {
    document.body.classList.remove("show-facts");
    $("facts-toggle").setAttribute("aria-expanded", String(!factsOutOfSight()));
    renderBar();
    focusScene();
  }

  function focusScene() {
    const first = document.querySelector("#scene .picks button") || $("scene-title");
    if (first) first.focus({ preventScroll: true });
  }

  function render() {
    renderScene();
    renderFacts();
    renderBar();
  }

  // -- the source view ---------------------------------------------------------------------------

  let marks = [];
  let markIndex = 0;
  let articleOf = null;
  let opener = null;
  let proofOpen = null;

  function openFootnote(number, notes, labels) {
    if (!notes.items.length) {
      say("This scene has no footnotes.");
      return;
    }
    const index = Math.max(0, Math.min(number - 1, notes.items.length - 1));
    openMarks(notes.items.map((cite, at) => [cite, labels[at]]), index);
  }

  function openEntry(entry, index) {
    openMarks(entry.all.map((cite, at) => [cite, `${entry.name}, quote ${at + 1}`]), Math.max(0, index));
  }

  function openMarks(list, index) {
    marks = list;
    markIndex = index;
    if (proofOpen === null) proofOpen = $("source-proof").open = wide.matches;
    openDialog($("source"));
    showMark();
  }

  function runs(parts) {
    const out = [];
    for (let index = 0; index < parts.length; index += 2) {
      const state = parts[index + 1];
      out.push(state ? h("span", { class: `piece-${state}` }, parts[index]) : parts[index]);
    }
    return out;
  }

  function showMark() {
    const [cite, label] = marks[markIndex];
    const [noteIndex, proofIndex] = story.cites[cite];
    const [sourceId, quote, line, spans] = story.notes[noteIndex];
    const source = has(story.sources, sourceId) ? story.sources[sourceId] : null;
    $("source-title").textContent = story.labels[sourceId] || sourceId;
    $("source-about").textContent = source ? source.about : "This quote cites no article the story lists.";
    const position = `${label} \u00b7 ${markIndex + 1} of ${marks.length}`;
    const status = clear($("source-status"));
    if (spans.length) append(status, `${position} \u00b7 line ${line}`);
    else append(status, `${position} \u00b7 `, h("span", { class: "error" }, "this quote is not in the article: "), h("em", {}, quote));
    const proof = clear($("proof-body"));
    if (proofIndex >= 0) {
      const [told, quoted] = story.proofs[proofIndex];
      append(
        proof,
        h("p", {}, h("span", { class: "proof-what" }, "on screen "), runs(told)),
        h("p", {}, h("span", { class: "proof-what" }, "the quote "), runs(quoted)),
        h(
          "p",
          { class: "legend" },
          "kept as is \u00b7 ",
          h("span", { class: "piece-a" }, "added"),
          " \u00b7 ",
          h("span", { class: "piece-d" }, "left out"),
          " \u00b7 ",
          h("span", { class: "piece-m" }, "a meaning word left out")
        )
      );
    }
    $("source-proof").hidden = proofIndex < 0;
    const article = $("article");
    if (articleOf !== sourceId) {
      articleOf = sourceId;
      clear(article);
      article.setAttribute("aria-label", `The article: ${story.labels[sourceId] || sourceId}`);
      if (source) {
        source.paragraphs.forEach(([number, text], index) =>
          append(article, h("p", { "data-paragraph": index, "data-line": number }, text))
        );
      }
    }
    for (const lit of article.querySelectorAll("p.lit")) {
      lit.classList.remove("lit");
      lit.textContent = source.paragraphs[Number(lit.dataset.paragraph)][1];
    }
    let first = null;
    for (const [paragraph, start, end] of spans) {
      const node = article.querySelector(`p[data-paragraph="${paragraph}"]`);
      if (!node) continue;
      const text = source.paragraphs[paragraph][1];
      const mark = h("mark", { tabindex: "-1" }, text.slice(start, end));
      append(clear(node), text.slice(0, start), mark, text.slice(end));
      node.classList.add("lit");
      if (first === null) first = mark;
    }
    $("source-previous").disabled = marks.length < 2;
    $("source-next").disabled = marks.length < 2;
    if (first) {
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: "center" });
    } else {
      article.scrollTop = 0;
      article.focus({ preventScroll: true });
    }
  }

  function step(by) {
    if (marks.length < 2) return;
    markIndex = (markIndex + by + marks.length) % marks.length;
    showMark();
  }

  // -- dialogs: the source view, history, help, restart -----------------------------------------

  function openDialog(dialog) {
    if (!dialog.open) {
      opener = document.activeElement;
      for (const other of document.querySelectorAll("dialog[open]")) other.close();
      dialog.showModal();
    }
  }

  function closeDialog(dialog) {
    if (dialog.open) dialog.close();
  }

  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => {
      const back = opener && document.contains(opener) ? opener : null;
      opener = null;
      const focused = document.activeElement;
      if (focused && focused !== document.body && !dialog.contains(focused)) return; // a move took it
      if (back) back.focus({ preventScroll: false });
      else focusScene();
    });
    for (const button of dialog.querySelectorAll("button.close")) button.addEventListener("click", () => closeDialog(dialog));
  }

  function openHistory() {
    const list = clear($("history-list"));
    progress.history.forEach((id, index) => {
      if (!isScene(id)) return;
      append(
        list,
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "item",
              onclick: () => {
                closeDialog($("history"));
                jump(id);
              },
            },
            h("span", { class: "title" }, h("span", { class: "number" }, `${index + 1}. `), scenes[id].title),
            scenes[id].passages.map((passage) => h("span", { class: "dim" }, passage.text))
          )
        )
      );
    });
    openDialog($("history"));
    const items = list.querySelectorAll("button");
    if (items.length) {
      items[items.length - 1].focus();
      items[items.length - 1].scrollIntoView({ block: "nearest" });
    }
  }

  const HELP = [
    [
      "Reading",
      [
        ["1-9", "Choose: answer the question, or take a choice"],
        ["b \u2190 Backspace", "Back one scene"],
        ["s", "Sources: the footnote with the focus, or the first, in its article"],
        ["f", "Show or hide the fact panel"],
        ["h", "History: what you have read; go back there"],
        ["r", "Start again (asks first)"],
        ["t", "Light or dark theme"],
        ["Esc", "Back to the choices (closes the fact panel on a narrow screen)"],
      ],
    ],
    [
      "Source view",
      [
        ["n \u2192 ]", "Next quote"],
        ["p \u2190 [", "Previous quote"],
        ["Esc Backspace", "Back"],
      ],
    ],
    [
      "History",
      [
        ["\u2191 \u2193", "Move"],
        ["Enter", "Go back to that scene"],
        ["Esc h", "Back"],
      ],
    ],
    [
      "Everywhere",
      [
        ["\u2191 \u2193", "Move over the choices and the footnotes"],
        ["Tab Shift+Tab", "Move between the scene, the fact panel and the controls"],
        ["Enter", "Pick or open what has the focus"],
        ["?", "This help"],
        ["click or tap", "Choices, footnotes, [n] markers and the fact panel's quotes all open"],
      ],
    ],
  ];

  function openHelp() {
    const body = clear($("help-body"));
    for (const [title, rows] of HELP) {
      append(
        body,
        h("h3", {}, title),
        h("dl", {}, rows.map(([keys, what]) => [h("dt", {}, keys.split(" ").map((key) => [h("kbd", {}, key), " "])), h("dd", {}, what)]))
      );
    }
    openDialog($("help"));
    $("help").querySelector("button.close").focus();
  }

  function askRestart() {
    openDialog($("confirm"));
    $("confirm-no").focus();
  }

  $("confirm-yes").addEventListener("click", () => {
    closeDialog($("confirm"));
    restart();
  });
  $("confirm-no").addEventListener("click", () => closeDialog($("confirm")));
  $("source-previous").addEventListener("click", () => step(-1));
  $("source-next").addEventListener("click", () => step(1));
  $("source-close").addEventListener("click", () => closeDialog($("source")));
  $("facts-close").addEventListener("click", closeFacts);

  // -- keys ----------------------------------------------------------------------------------------

  function sources() {
    const focused = document.activeElement;
    const number = focused && focused.classList && focused.classList.contains("note") ? Number(focused.dataset.note) : 1;
    if (currentNotes) openFootnote(number, currentNotes.notes, currentNotes.labels);
  }

  /** A number key answers only a question whose options are all in sight: else it shows them first. */
  function pickNumber(number) {
    const buttons = document.querySelectorAll("#scene .picks button");
    if (number > buttons.length) return;
    const items = picks(scene(), answered(), readerOrder(sceneId()));
    if (items[0][0] === "answer" && !allInSight(buttons)) {
      const question = document.querySelector("#scene .checkpoint");
      const last = buttons[buttons.length - 1].getBoundingClientRect();
      const fits = question && last.bottom - question.getBoundingClientRect().top + 16 <= room()[1] - room()[0];
      bringToTop(fits ? question : buttons[0]);
      buttons[0].focus({ preventScroll: true });
      say("The question and its answers are now in sight: press the number again to answer.");
      return;
    }
    buttons[number - 1].click();
  }

  /** The part of the window between the top line and the key bar. */
  function room() {
    return [$("bar").getBoundingClientRect().bottom, $("keys").getBoundingClientRect().top];
  }

  function bringToTop(node) {
    window.scrollBy(0, node.getBoundingClientRect().top - room()[0] - 8);
  }

  function allInSight(buttons) {
    const [top, bottom] = room();
    const first = buttons[0].getBoundingClientRect();
    const last = buttons[buttons.length - 1].getBoundingClientRect();
    if (first.top < top - 1) return false;
    if (last.bottom <= bottom + 1) return true;
    // Too many to fit in the window: the first of them at its top will do.
    return last.bottom - first.top > bottom - top && first.top <= top + 12;
  }

  function moveOver(by) {
    const items = Array.from(document.querySelectorAll("#scene button.item"));
    const at = items.indexOf(document.activeElement);
    if (at < 0) return false;
    const next = items[Math.max(0, Math.min(items.length - 1, at + by))];
    next.focus();
    return true;
  }

  function dialogKey(dialog, event) {
    const key = event.key;
    if (dialog.id === "source") {
      if (key === "n" || key === "ArrowRight" || key === "]") step(1);
      else if (key === "p" || key === "ArrowLeft" || key === "[") step(-1);
      else if (key === "Backspace") closeDialog(dialog);
      else return false;
    } else if (dialog.id === "history") {
      const items = Array.from(dialog.querySelectorAll("#history-list button"));
      const at = items.indexOf(document.activeElement);
      if (key === "h" || key === "Backspace") closeDialog(dialog);
      else if ((key === "ArrowDown" || key === "ArrowUp") && items.length) {
        items[Math.max(0, Math.min(items.length - 1, (at < 0 ? items.length : at) + (key === "ArrowDown" ? 1 : -1)))].focus();
      } else return false;
    } else if (dialog.id === "help") {
      if (key === "?") closeDialog(dialog);
      else return false;
    } else if (dialog.id === "confirm") {
      if (key === "y") {
        closeDialog(dialog);
        restart();
      } else if (key === "n") closeDialog(dialog);
      else return false;
    }
    return true;
  }

  const ACTIONS = {
    b: back,
    Backspace: back,
    ArrowLeft: back,
    s: sources,
    f: toggleFacts,
    h: openHistory,
    r: askRestart,
    "?": openHelp,
    t: toggleTheme,
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.querySelector("dialog[open]");
    if (dialog) {
      if (dialogKey(dialog, event)) event.preventDefault();
      return;
    }
    const key = event.key;
    if (/^[1-9]$/.test(key) && document.body.classList.contains("show-facts")) closeFacts(); // the scene first
    else if (/^[1-9]$/.test(key)) pickNumber(Number(key));
    else if (has(ACTIONS, key)) ACTIONS[key]();
    else if (key === "Escape") {
      if (document.body.classList.contains("show-facts")) closeFacts();
      else focusScene();
    } else if (key === "ArrowDown" || key === "ArrowUp") {
      if (!moveOver(key === "ArrowDown" ? 1 : -1)) return;
    } else return;
    event.preventDefault();
  });

  for (const button of document.querySelectorAll("#keys button")) {
    button.addEventListener("click", () => ACTIONS[button.dataset.key]());
  }

  function toggleTheme() {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
    try {
      if (store) store.setItem("story:theme", root.dataset.theme);
    } catch (error) {
      /* a theme not kept is no loss */
    }
  }

  wide.addEventListener("change", () => {
    document.body.classList.remove("show-facts");
    renderBar();
  });

  // -- start --------------------------------------------------------------------------------------

  notice = load();
  try {
    const theme = store && store.getItem("story:theme");
    if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
  } catch (error) {
    /* no theme kept */
  }
  fresh = progress.history.length <= 1 ? new Set(unlocked(progress)) : new Set();
  found = new Set(fresh);
  save();
  render();
  document.body.classList.add("ready");
})();
