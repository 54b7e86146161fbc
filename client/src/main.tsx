/**
 * One Preact app, one route table, one lazily loaded area per role. Areas never import each other.
 */
import { render } from 'preact';
import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { Home } from './home/Home';
import { LangProvider } from './shared/i18n';
import { Layout } from './shared/Layout';
import { NotFound } from './shared/NotFound';
import './shared/styles.css';

const Library = lazy(() => import('./library/LibraryArea'));

function App() {
  return (
    <LangProvider>
      <LocationProvider>
        <ErrorBoundary>
          <Layout>
            <Router>
              <Route path="/" component={Home} />
              <Route path="/instrumenter" component={Library} />
              <Route path="/instrumenter/:id" component={Library} />
              <Route path="/instrumenter/:id/:version" component={Library} />
              <Route default component={NotFound} />
            </Router>
          </Layout>
        </ErrorBoundary>
      </LocationProvider>
    </LangProvider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
