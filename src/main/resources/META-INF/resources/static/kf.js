// Small behaviours shared by the pages: copy buttons and uploads with a progress bar.
(function () {
  'use strict';

  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-copy]');
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute('data-copy'));
    var text = source.value !== undefined ? source.value : source.textContent;
    var done = function () { button.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      source.select && source.select();
      document.execCommand('copy');
      done();
    }
  });

  /** Shows an API problem (application/problem+json) beside its field, or in the form's general error slot. */
  function showProblem(form, problem) {
    form.querySelectorAll('.field-error[data-for]').forEach(function (p) { p.textContent = ''; p.hidden = true; });
    form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
    var slot = problem.field && form.querySelector('.field-error[data-for="' + problem.field + '"]');
    if (!slot) { slot = form.querySelector('.field-error[data-for="_form"]'); }
    slot.textContent = problem.detail || ('The upload failed (' + problem.status + ')');
    slot.hidden = false;
    var input = problem.field && form.querySelector('[name="' + problem.field + '"]');
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
  }
  window.kfShowProblem = showProblem;

  /**
   * A form with data-upload posts as multipart to the API address in data-upload with XMLHttpRequest, so the
   * progress bar moves while the bytes go; data-build(form) returns the FormData to send.
   */
  window.kfUpload = function (form, url, formData, onDone) {
    var bar = form.querySelector('progress');
    var label = form.querySelector('.progress-label');
    var submit = form.querySelector('button[type=submit]');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    bar.hidden = false; bar.value = 0; submit.disabled = true;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.max = e.total; bar.value = e.loaded;
        label.textContent = 'Uploading: ' + Math.round(100 * e.loaded / e.total) + '%';
      }
    };
    xhr.upload.onload = function () { label.textContent = 'Processing on the server…'; };
    xhr.onload = function () {
      submit.disabled = false;
      var body = {};
      try { body = JSON.parse(xhr.responseText || '{}'); } catch (ignored) { body = { detail: xhr.responseText }; }
      if (xhr.status >= 200 && xhr.status < 300) {
        label.textContent = 'Done';
        onDone(body);
      } else {
        bar.hidden = true; label.textContent = '';
        showProblem(form, Object.assign({ status: xhr.status }, body));
      }
    };
    xhr.onerror = function () {
      submit.disabled = false; bar.hidden = true;
      showProblem(form, { detail: 'The connection to the server was lost; try again' });
    };
    xhr.send(formData);
  };
})();
