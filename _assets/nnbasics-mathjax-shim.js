// The Jupyter widget manager typesets labels with MathJax 2's `MathJax.Hub.Queue`; the book runs MathJax 3.
// Widgets render on window "load", after DOMContentLoaded, so the shim is in place before they need it.
window.addEventListener("DOMContentLoaded", function () {
  if (window.MathJax && !window.MathJax.Hub) {
    window.MathJax.Hub = {
      Queue: function (job) {
        var el = Array.isArray(job) ? job[2] : null;
        var ready = (MathJax.startup && MathJax.startup.promise) || Promise.resolve();
        ready.then(function () { if (el && MathJax.typesetPromise) { return MathJax.typesetPromise([el]); } });
      },
    };
  }
});

// Live figures in the static page: a control swaps the frame shown by a stack of frames, and the frames
// are files loaded when first shown (see _ext/nnbasics_book.py). The widget manager removes the old frame
// before the new one has loaded (and for an outer control, before the new inner stack even has a frame);
// left alone, the figure would blank and the page below would jump. So the last frame shown is put back
// ("held") until the new frame has loaded, and the new one stays hidden until then. Mutation observers
// run before the browser paints, so the reader never sees the gap.
(function () {
  var FRAME = "img.nnb-frame", HOLD = "nnb-frame-hold", FIGURE = ".nnb-live-figure";
  var last = new WeakMap();                                  // figure -> the last frame it showed

  function ready(img) { return img.complete && img.naturalWidth > 0; }
  function shownFrames(figure) {                             // frames in the figure's stacks, not held
    return Array.prototype.filter.call(figure.querySelectorAll(FRAME), function (img) {
      return !img.closest("." + HOLD);
    });
  }

  function settle(figure) {
    var hold = figure.querySelector("." + HOLD);
    var shown = shownFrames(figure);
    if (!hold) {
      if (shown.length && shown.every(ready)) { last.set(figure, shown[0]); }
      return;
    }
    if (!shown.length) { return; }                           // the new frame is not in the page yet
    if (shown.every(ready)) {
      hold.remove();
      hold.classList.remove(HOLD);
      shown.forEach(function (img) { img.style.display = ""; });
      last.set(figure, shown[0]);
      return;
    }
    shown.forEach(function (img) {
      if (ready(img) || img.dataset.nnbWaiting) { return; }
      img.style.display = "none";                            // it still loads; shown with the others
      img.dataset.nnbWaiting = "1";
      var done = function () { delete img.dataset.nnbWaiting; settle(figure); };
      img.addEventListener("load", done, { once: true });
      img.addEventListener("error", done, { once: true });
    });
  }

  function observe(records) {
    var touched = new Map();                                 // figure -> a stack that lost its frame
    records.forEach(function (r) {
      if (!(r.target instanceof Element) || !r.target.isConnected) { return; }
      var figure = r.target.closest(FIGURE);
      if (!figure) { return; }
      if (r.removedNodes.length || !touched.has(figure)) {
        touched.set(figure, r.removedNodes.length ? r.target : touched.get(figure) || null);
      }
    });
    touched.forEach(function (stack, figure) {
      var shown = shownFrames(figure), prev = last.get(figure);
      var gap = !shown.length || !shown.every(ready);
      if (gap && stack && prev && !prev.isConnected && !figure.querySelector("." + HOLD)) {
        // The removed frame's own widget element (same classes, so the same height), decoded already.
        var hold = prev.closest(".widget-html") || prev;
        hold.classList.add(HOLD);
        stack.insertBefore(hold, stack.firstChild);
      }
      settle(figure);
    });
  }

  document.addEventListener("load", function (e) {
    var figure = e.target instanceof Element && e.target.matches(FRAME) && e.target.closest(FIGURE);
    if (figure) { settle(figure); }
  }, true);
  window.addEventListener("DOMContentLoaded", function () {
    new MutationObserver(observe).observe(document.body, { childList: true, subtree: true });
  });
})();
