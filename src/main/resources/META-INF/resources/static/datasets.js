// "New dataset" and "New version": multipart posts to the dataset API with an upload progress bar.
(function () {
  'use strict';
  function slugOf(title) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
  }

  var create = document.getElementById('dataset-form');
  if (create) {
    var title = create.querySelector('[name=title]');
    var id = create.querySelector('[name=id]');
    var touched = false;
    id.addEventListener('input', function () { touched = true; });
    title.addEventListener('input', function () { if (!touched) { id.value = slugOf(title.value); } });
    create.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = function (n) { return create.querySelector('[name=' + n + ']').value.trim(); };
      var metadata = {
        title: v('title'), id: id.getAttribute('data-owner') + '/' + v('id'), subtitle: v('subtitle') || null,
        description: v('description') || null, licenses: [{ name: v('license') }],
        isPrivate: create.querySelector('[name=isPrivate]').checked
      };
      var files = create.querySelector('[name=file]').files;
      if (!files.length) {
        window.kfShowProblem(create, { field: 'file', detail: 'Choose at least one file to upload' });
        return;
      }
      var data = new FormData();
      data.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
      for (var i = 0; i < files.length; i++) { data.append('file', files[i], files[i].name); }
      window.kfUpload(create, '/api/datasets', data, function (body) { location.href = '/datasets/' + body.ref; });
    });
  }

  var version = document.getElementById('version-form');
  if (version) {
    version.addEventListener('submit', function (e) {
      e.preventDefault();
      var data = new FormData();
      var notes = version.querySelector('[name=notes]').value.trim();
      if (notes) { data.append('notes', notes); }
      version.querySelectorAll('[name=remove]:checked').forEach(function (r) { data.append('remove', r.value); });
      var files = version.querySelector('[name=file]').files;
      for (var i = 0; i < files.length; i++) { data.append('file', files[i], files[i].name); }
      var ref = version.getAttribute('data-ref');
      window.kfUpload(version, '/api/datasets/' + ref + '/versions', data, function (body) {
        location.href = '/datasets/' + body.ref + '?version=' + body.version;
      });
    });
  }
})();
