// The trace panel UI. Filled in by the trace-panel issue; for now an empty state.
const root = document.getElementById('root');
if (root) {
  root.textContent = 'No run yet. Run a workflow or open a recorded trace.';
}
