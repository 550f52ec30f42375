import { Empty } from './components/ui.js'
import { WalletMenu } from './components/WalletMenu.js'
import { DeployPage } from './pages/DeployPage.js'
import { ExplorerPage } from './pages/ExplorerPage.js'
import { LeasePage } from './pages/LeasePage.js'
import { ProviderPage } from './pages/ProviderPage.js'
import { useRoute } from './useRoute.js'
import { useWallet } from './wallet/WalletContext.js'

/** The console: header with navigation and wallet, then the page the hash names. */
export function App() {
  const route = useRoute()
  const { connection } = useWallet()
  const nav = [
    { href: '#/', label: 'Explorer', on: route.page === 'explorer' },
    { href: '#/deploy', label: 'Deploy', on: route.page === 'deploy' },
    ...(connection
      ? [{ href: `#/providers/${connection.address}`, label: 'My provider', on: route.page === 'provider' }]
      : []),
  ]
  return (
    <>
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="logo" aria-hidden="true" />
          Hearth
        </a>
        <nav>
          {nav.map((item) => (
            <a key={item.href} href={item.href} className={item.on ? 'on' : ''}>
              {item.label}
            </a>
          ))}
        </nav>
        <WalletMenu />
      </header>
      <main>
        {route.page === 'explorer' && <ExplorerPage />}
        {route.page === 'deploy' && <DeployPage />}
        {route.page === 'lease' && <LeasePage id={route.id} />}
        {route.page === 'provider' && <ProviderPage address={route.address} />}
        {route.page === 'not-found' && <Empty>No page at {route.path}</Empty>}
      </main>
      <footer className="footer muted">
        Hearth — open compute. The chain is the truth; this indexer is one view of it.
      </footer>
    </>
  )
}
