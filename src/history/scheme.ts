// The scheme of history documents (vensoft-history:/<connection>/<id>/…): registered at activation,
// so that a document restored with the window opens before the history feature is loaded.
export const HISTORY_SCHEME = 'vensoft-history';
