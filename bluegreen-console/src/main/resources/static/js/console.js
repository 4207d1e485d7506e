// The console's pages: live updates from Server-Sent Events, and the switch dialog.
(function () {
	'use strict';

	function csrfHeaders() {
		var token = document.querySelector('meta[name="_csrf"]');
		var header = document.querySelector('meta[name="_csrf_header"]');
		var headers = {};
		if (token && header) {
			headers[header.content] = token.content;
		}
		return headers;
	}

	function show(text, kind) {
		var message = document.getElementById('message');
		if (!message) {
			return;
		}
		message.textContent = text;
		message.className = 'banner ' + (kind || '');
		message.hidden = !text;
	}

	function connect() {
		var url = document.body.dataset.events;
		if (!url || !window.EventSource) {
			return;
		}
		var source = new EventSource(url);
		source.addEventListener('update', function (event) {
			var live = document.getElementById('live');
			if (live) {
				live.outerHTML = JSON.parse(event.data).html;
			}
			document.body.classList.remove('offline');
		});
		source.onerror = function () {
			document.body.classList.add('offline');
		};
	}

	function openDialog(button) {
		var dialog = document.getElementById('confirm');
		dialog.dataset.deployment = button.dataset.deployment;
		dialog.dataset.to = button.dataset.to;
		document.getElementById('confirm-deployment').textContent = button.dataset.deployment;
		var to = document.getElementById('confirm-to');
		to.textContent = button.dataset.to;
		to.className = 'chip ' + button.dataset.to;
		var submit = document.getElementById('confirm-switch');
		submit.textContent = 'Switch to ' + button.dataset.to;
		submit.className = 'primary to-' + button.dataset.to;
		document.getElementById('confirm-reason').value = '';
		dialog.showModal();
	}

	// Only the answer to the latest request is shown: an earlier request answers up to a
	// second after it was sent, and its "started" must not replace a later refusal
	var latestRequest = 0;

	function requestSwitch(dialog) {
		var request = ++latestRequest;
		var deployment = dialog.dataset.deployment;
		var to = dialog.dataset.to;
		var body = new URLSearchParams({ to: to, reason: document.getElementById('confirm-reason').value });
		var headers = csrfHeaders();
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		headers['Accept'] = 'application/json';
		dialog.close();
		show('Switching ' + deployment + ' to ' + to + '…', 'info');
		fetch('/deployments/' + encodeURIComponent(deployment) + '/switch',
				{ method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
			.then(function (response) {
				return response.json().catch(function () { return {}; }).then(function (answer) {
					if (request !== latestRequest) {
						return;
					}
					if (response.ok) {
						show('Switch of ' + deployment + ' to ' + to + ' started; the page follows it.', 'info');
					}
					else {
						show(response.status + ' ' + (answer.title || '') + ': ' + (answer.detail || 'refused'), 'danger');
					}
				});
			})
			.catch(function (error) {
				if (request === latestRequest) {
					show('The console did not answer: ' + error, 'danger');
				}
			});
	}

	document.addEventListener('click', function (event) {
		var button = event.target.closest('#switch-button');
		if (button) {
			openDialog(button);
		}
		if (event.target.id === 'confirm-cancel') {
			document.getElementById('confirm').close();
		}
	});

	document.addEventListener('submit', function (event) {
		if (event.target.id === 'confirm-form') {
			event.preventDefault();
			requestSwitch(document.getElementById('confirm'));
		}
	});

	document.addEventListener('DOMContentLoaded', connect);
})();
