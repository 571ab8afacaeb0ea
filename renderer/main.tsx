import { createRoot } from 'react-dom/client'
import { App } from './App'
import { watchForAttention } from './attention/attention'
import { ensureRackside } from './bridge'
import './styles.css'

const root = createRoot(document.getElementById('root')!)
const render = (hostLost?: string) => root.render(<App hostLost={hostLost} />)
ensureRackside((reason) => render(reason))
watchForAttention(window.rackside)
render()
