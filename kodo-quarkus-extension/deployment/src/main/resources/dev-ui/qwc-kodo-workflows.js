import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';
import '@vaadin/icon';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import '@vaadin/grid/vaadin-grid-sort-column.js';

/**
 * Kodo's Dev UI page: per workflow, completion rate, p95, recent failures and runs in flight, in this process
 * since it started. Refreshes every two seconds while shown.
 */
export class QwcKodoWorkflows extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; gap: 8px; padding: 8px; }
        .reporter { color: var(--lumo-contrast-70pct); font-size: var(--lumo-font-size-s); }
        .failed { color: var(--lumo-error-text-color); }
        .ok { color: var(--lumo-success-text-color); }
        .failures { margin: 0; padding-left: 1em; font-size: var(--lumo-font-size-s); }
        vaadin-grid { height: 100%; }
    `;

    static properties = {
        _workflows: { state: true },
        _reporter: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
        this._timer = setInterval(() => this._refresh(), 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _refresh() {
        this.jsonRpc.getWorkflows().then(response => { this._workflows = response.result; });
        this.jsonRpc.getReporter().then(response => { this._reporter = response.result; });
    }

    render() {
        if (!this._workflows) {
            return html`<span>Loading workflows...</span>`;
        }
        return html`
            ${this._renderReporter()}
            ${this._workflows.length === 0
                ? html`<span>No workflow has run yet. Call a method annotated with @KodoWorkflow.</span>`
                : this._renderGrid()}`;
    }

    _renderReporter() {
        const r = this._reporter;
        if (!r) {
            return html``;
        }
        if (!r.recording) {
            return html`<div class="reporter">Recording is off (quarkus.kodo.enabled=false).</div>`;
        }
        if (!r.shipping) {
            return html`<div class="reporter">Service <b>${r.service}</b>: runs are recorded here but not shipped
                (set quarkus.kodo.api-key).</div>`;
        }
        return html`<div class="reporter">Service <b>${r.service}</b> reporting to ${r.endpoint}:
            ${r.sent} sent, ${r.queued} queued, ${r.dropped} dropped, ${r.failed} failed
            ${r.lastError ? html`<span class="failed">(last error: ${r.lastError})</span>` : ''}</div>`;
    }

    _renderGrid() {
        return html`
            <vaadin-grid .items="${this._workflows}" theme="no-border row-stripes wrap-cell-content">
                <vaadin-grid-sort-column path="workflow" header="Workflow" auto-width resizable></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="completionRate" header="Completion rate" auto-width
                    ${columnBodyRenderer(w => this._rate(w), [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="p95Ms" header="p95" auto-width
                    ${columnBodyRenderer(w => this._millis(w.p95Ms), [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="runs" header="Runs (ok / failed)" auto-width
                    ${columnBodyRenderer(w => html`${w.runs} (${w.ok} / ${w.failed})`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="inFlight" header="In flight" auto-width
                    ${columnBodyRenderer(w => html`${w.inFlight}${w.stuck > 0
                        ? html` <span class="failed">(${w.stuck} stuck)</span>` : ''}`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-column header="Recent failures" flex-grow="1" width="40%"
                    ${columnBodyRenderer(w => this._failures(w), [])}></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _rate(w) {
        if (w.completionRate === null || w.completionRate === undefined) {
            return html`-`;
        }
        const percent = (w.completionRate * 100).toFixed(1) + ' %';
        return html`<span class="${w.failed > 0 ? 'failed' : 'ok'}">${percent}</span>`;
    }

    _millis(ms) {
        if (ms === null || ms === undefined) {
            return html`-`;
        }
        return html`${ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : ms.toFixed(1) + ' ms'}`;
    }

    _failures(w) {
        if (!w.recentFailures || w.recentFailures.length === 0) {
            return html``;
        }
        return html`<ul class="failures">${w.recentFailures.slice(0, 3).map(f => html`
            <li title="run ${f.runId} ended ${f.endedAt}">
                ${f.failedStep ? html`at <b>${f.failedStep}</b>` : 'in the workflow body'}:
                <span title="${f.errorType ?? ''}">${this._simpleName(f.errorType)}</span>${f.errorMessage
                    ? html`: ${f.errorMessage}` : ''}</li>`)}</ul>`;
    }

    _simpleName(type) {
        return type ? type.substring(type.lastIndexOf('.') + 1) : 'unknown error';
    }
}
customElements.define('qwc-kodo-workflows', QwcKodoWorkflows);
