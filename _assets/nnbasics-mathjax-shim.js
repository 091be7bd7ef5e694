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
