// SIRIM frontend: login, empresas, paged gastos with create / edit / delete.
// No framework, no build step; strict CSP (no inline code). The API origin comes from /config.json
// (deployment configuration), the release version from /version.json (part of the build).
'use strict';

(() => {
  const TOKEN_KEY = 'sirim.accessToken';
  const REQUEST_TIMEOUT_MS = 15000;
  const PAGE_SIZE = 10;

  const state = {
    apiBaseUrl: '',
    user: null,
    empresas: [],
    empresaId: null,
    page: 1,
    total: 0,
    editingId: null,
  };

  const el = (testId) => document.querySelector(`[data-testid="${testId}"]`);
  const show = (node, visible) => { node.hidden = !visible; };
  const money = new Intl.NumberFormat('es-DO', { style: 'currency', currency: 'DOP' });
  const categoriaLabels = {
    combustible: 'Combustible', viaticos: 'Viáticos', suministros: 'Suministros', servicios: 'Servicios', otros: 'Otros',
  };

  class ApiError extends Error {
    constructor(status, message, problem) {
      super(message);
      this.status = status;
      this.problem = problem;
    }
  }

  // ---- HTTP ----

  async function fetchJson(url, options = {}) {
    const response = await fetch(url, { ...options, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const type = response.headers.get('Content-Type') || '';
    const body = response.status !== 204 && type.includes('json') ? await response.json() : null;
    return { response, body };
  }

  async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let result;
    try {
      result = await fetchJson(state.apiBaseUrl + path,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'No se pudo contactar el servidor. Intente de nuevo.', null);
    }
    const { response, body: data } = result;
    if (response.status === 401 && path !== '/api/auth/login') {
      endSession('Su sesión expiró o no es válida. Inicie sesión de nuevo.');
      throw new ApiError(401, 'Sesión no válida.', data);
    }
    if (!response.ok) {
      throw new ApiError(response.status, (data && data.detail) || `Error ${response.status}`, data);
    }
    return data;
  }

  // ---- Views ----

  function showLogin(message) {
    show(el('dashboard'), false);
    show(el('session'), false);
    show(el('login-view'), true);
    const error = el('login-error');
    error.textContent = message || '';
    show(error, Boolean(message));
    el('login-password').value = '';
    el('login-email').focus();
  }

  function endSession(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.user = null;
    state.empresas = [];
    state.empresaId = null;
    el('empresa-list').replaceChildren();
    el('gasto-list').replaceChildren();
    showLogin(message);
  }

  function setStatus(message) {
    el('status-message').textContent = message || '';
  }

  async function startSession() {
    state.user = await api('/api/me');
    el('user-name').textContent = state.user.name;
    el('user-role').textContent = state.user.role;
    show(el('session'), true);
    show(el('login-view'), false);
    show(el('dashboard'), true);
    show(el('gasto-form'), canWrite());
    resetForm();

    state.empresas = await api('/api/empresas');
    renderEmpresas();
    if (state.empresas.length > 0) await selectEmpresa(state.empresas[0].id);
    else setStatus('No tiene empresas asignadas.');
  }

  function canWrite() {
    return state.user && (state.user.role === 'admin' || state.user.role === 'contador');
  }

  function renderEmpresas() {
    const items = state.empresas.map((empresa) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.testid = 'empresa-item';
      button.dataset.empresaId = String(empresa.id);
      button.className = 'empresa';
      if (empresa.id === state.empresaId) button.setAttribute('aria-current', 'true');
      const name = document.createElement('span');
      name.textContent = empresa.nombre;
      const rnc = document.createElement('small');
      rnc.textContent = `RNC ${empresa.rnc}`;
      button.append(name, rnc);
      button.addEventListener('click', () => selectEmpresa(empresa.id).catch(reportError));
      li.append(button);
      return li;
    });
    el('empresa-list').replaceChildren(...items);
  }

  async function selectEmpresa(id) {
    state.empresaId = id;
    state.page = 1;
    resetForm();
    renderEmpresas();
    const empresa = state.empresas.find((e) => e.id === id);
    el('empresa-title').textContent = empresa ? empresa.nombre : `Empresa ${id}`;
    await loadGastos();
  }

  async function loadGastos() {
    const query = new URLSearchParams({ empresaId: state.empresaId, page: state.page, pageSize: PAGE_SIZE });
    const result = await api(`/api/gastos?${query}`);
    state.total = result.total;
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    if (result.items.length === 0 && state.page > 1) {
      state.page = Math.min(state.page - 1, pages);
      return loadGastos();
    }
    el('gasto-list').replaceChildren(...result.items.map(renderRow));
    show(el('gasto-empty'), result.items.length === 0);
    el('page-info').textContent = `Página ${result.page} de ${pages} · ${result.total} gastos`;
    el('page-prev').disabled = result.page <= 1;
    el('page-next').disabled = result.page >= pages;
  }

  function renderRow(gasto) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'gasto-row';
    tr.dataset.gastoId = String(gasto.id);
    const cells = [
      ['gasto-fecha', gasto.fecha],
      ['gasto-concepto', gasto.concepto],
      ['gasto-categoria', categoriaLabels[gasto.categoria] || gasto.categoria],
      ['gasto-monto', money.format(gasto.monto)],
      ['gasto-referencia', gasto.referencia || '—'],
    ];
    for (const [testId, text] of cells) {
      const td = document.createElement('td');
      td.dataset.testid = `${testId}-cell`;
      td.textContent = text;
      if (testId === 'gasto-monto') td.className = 'num';
      tr.append(td);
    }
    const actions = document.createElement('td');
    actions.className = 'actions';
    if (canWrite()) {
      const edit = document.createElement('button');
      edit.type = 'button';
      edit.textContent = 'Editar';
      edit.dataset.testid = 'gasto-edit';
      edit.addEventListener('click', () => startEdit(gasto));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Eliminar';
      remove.className = 'danger';
      remove.dataset.testid = 'gasto-delete';
      remove.addEventListener('click', () => deleteGasto(gasto).catch(reportError));
      actions.append(edit, remove);
    }
    tr.append(actions);
    return tr;
  }

  // ---- Gasto form ----

  const fields = ['fecha', 'concepto', 'monto', 'categoria', 'referencia'];

  function clearFormErrors() {
    for (const field of fields) el(`gasto-error-${field}`).textContent = '';
    show(el('gasto-form-error'), false);
  }

  function resetForm() {
    state.editingId = null;
    el('gasto-form').reset();
    el('gasto-fecha').value = new Date().toISOString().slice(0, 10);
    el('gasto-form-title').textContent = 'Nuevo gasto';
    show(el('gasto-cancel'), false);
    clearFormErrors();
  }

  function startEdit(gasto) {
    resetForm();
    state.editingId = gasto.id;
    el('gasto-fecha').value = gasto.fecha;
    el('gasto-concepto').value = gasto.concepto;
    el('gasto-monto').value = String(gasto.monto);
    el('gasto-categoria').value = gasto.categoria;
    el('gasto-referencia').value = gasto.referencia || '';
    el('gasto-form-title').textContent = `Editar gasto #${gasto.id}`;
    show(el('gasto-cancel'), true);
    el('gasto-concepto').focus();
  }

  async function saveGasto(event) {
    event.preventDefault();
    clearFormErrors();
    const monto = el('gasto-monto').value.trim();
    const body = {
      empresaId: state.empresaId,
      fecha: el('gasto-fecha').value,
      concepto: el('gasto-concepto').value,
      monto: monto === '' ? null : Number(monto),
      categoria: el('gasto-categoria').value,
      referencia: el('gasto-referencia').value.trim() || null,
    };
    const editing = state.editingId;
    try {
      const saved = editing === null
        ? await api('/api/gastos', { method: 'POST', body })
        : await api(`/api/gastos/${editing}`, { method: 'PUT', body });
      resetForm();
      if (editing === null) state.page = 1;
      await loadGastos();
      setStatus(editing === null ? `Gasto #${saved.id} registrado.` : `Gasto #${saved.id} actualizado.`);
    } catch (error) {
      if (error.status === 401) return;
      if (error.status === 422 && error.problem && error.problem.errors) {
        for (const [field, messages] of Object.entries(error.problem.errors)) {
          const target = el(`gasto-error-${field}`);
          if (target) target.textContent = messages.join(' ');
        }
      }
      const formError = el('gasto-form-error');
      formError.textContent = error.message;
      show(formError, true);
    }
  }

  async function deleteGasto(gasto) {
    await api(`/api/gastos/${gasto.id}`, { method: 'DELETE' });
    if (state.editingId === gasto.id) resetForm();
    await loadGastos();
    setStatus(`Gasto #${gasto.id} eliminado.`);
  }

  // ---- Login ----

  async function login(event) {
    event.preventDefault();
    const email = el('login-email').value.trim();
    const password = el('login-password').value;
    const error = el('login-error');
    show(error, false);
    if (!email || !password) {
      error.textContent = 'Escriba su correo y su contraseña.';
      show(error, true);
      return;
    }
    el('login-submit').disabled = true;
    try {
      const result = await api('/api/auth/login', { method: 'POST', body: { email, password } });
      sessionStorage.setItem(TOKEN_KEY, result.accessToken);
      el('login-password').value = '';
      await startSession();
    } catch (failure) {
      error.textContent = failure.status === 401 ? 'Correo o contraseña incorrectos.'
        : failure.status === 429 ? 'Demasiados intentos fallidos. Espere un momento e intente de nuevo.'
          : failure.message;
      show(error, true);
    } finally {
      el('login-submit').disabled = false;
    }
  }

  function reportError(error) {
    if (error.status === 401) return; // already back on the login view
    setStatus('');
    const banner = el('app-error');
    banner.textContent = error.message;
    show(banner, true);
  }

  // ---- Start ----

  async function loadVersion() {
    try {
      const { response, body } = await fetchJson('version.json', { cache: 'no-cache' });
      el('app-version').textContent = response.ok && body ? body.version : 'desconocida';
    } catch {
      el('app-version').textContent = 'desconocida';
    }
  }

  async function init() {
    el('login-form').addEventListener('submit', login);
    el('gasto-form').addEventListener('submit', saveGasto);
    el('gasto-cancel').addEventListener('click', resetForm);
    el('logout').addEventListener('click', () => endSession());
    el('page-prev').addEventListener('click', () => { state.page -= 1; loadGastos().catch(reportError); });
    el('page-next').addEventListener('click', () => { state.page += 1; loadGastos().catch(reportError); });

    const version = loadVersion();
    try {
      const { response, body } = await fetchJson('config.json', { cache: 'no-store' });
      if (!response.ok || !body || typeof body.apiBaseUrl !== 'string') throw new Error('config');
      state.apiBaseUrl = body.apiBaseUrl.replace(/\/+$/, '');
    } catch {
      const banner = el('app-error');
      banner.textContent = 'No se pudo cargar la configuración de la aplicación.';
      show(banner, true);
      await version;
      return;
    }

    if (sessionStorage.getItem(TOKEN_KEY)) {
      await startSession().catch(reportError);
    } else {
      showLogin();
    }
    await version;
  }

  document.addEventListener('DOMContentLoaded', () => { init(); });
})();
