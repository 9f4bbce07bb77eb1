package report

import "github.com/labctl/labctl/internal/scenario"

// scenarioLabels are the words of the scenario section in one language.
type scenarioLabels struct {
	Title string
	// Intro: duration watched, service, release text, flag text.
	Intro          string
	Release        string // version
	Flag           string // flag name
	Proven         string
	NotProven      string // reason
	Growth         string // first, last, factor, misses
	Slower, Faster string // miss p50, hit p50
	N              string
	P50, P95       string
	Hits, Misses   string
	Hit, Miss      string // trace id, duration
	MissCount      string // trace id, duration, count
	FailedMiss     string // trace id, duration
	ChartTitle     string
	XAxis, YAxis   string
	Health         string // restarts, OOM text
	OOM            string
	NoRestart      string
	Memory         string // MiB first, MiB last
	Reasons        map[scenario.Reason]string
}

var scenarioEN = scenarioLabels{
	Title:     "The recommendation-cache scenario (`labctl scenario recommendation-cache`)",
	Intro:     "Watched for %s: the `get_product_list` spans of the service `%s`%s%s.",
	Release:   ", demo %s",
	Flag:      ", flag `%s`",
	Proven:    "**The leak is visible**: ",
	NotProven: "**The leak is not visible**: %s",
	Growth:    "the product count on cache misses grew from %d to %d (×%s) over %d misses",
	Slower:    ", and misses are slower than hits (p50 %s vs %s).",
	Faster:    ", but misses are not slower than hits (p50 %s vs %s).",
	N:         "spans", P50: "p50", P95: "p95",
	Hits: "cache hits", Misses: "cache misses",
	Hit:        "A hit: trace `%s` (%s).",
	Miss:       "A miss: trace `%s` (%s).",
	MissCount:  "A miss: trace `%s` (%s, %d products).",
	FailedMiss: "A miss: trace `%s` (%s, failed).",
	ChartTitle: "Product count on cache misses",
	XAxis:      "seconds since the first miss",
	YAxis:      "products",
	Health:     "The service's container restarted %d time(s)%s.",
	NoRestart:  "The service's container did not restart.",
	OOM:        ", killed for lack of memory",
	Memory:     "Its memory went from %.0f MiB to %.0f MiB.",
	Reasons: map[scenario.Reason]string{
		scenario.ReasonNoTraffic:   "no `get_product_list` span arrived: the load generator sent no traffic.",
		scenario.ReasonFlagOff:     "the cache flag was off, so nothing could leak.",
		scenario.ReasonFlagIgnored: "in this demo release (1.9–1.10) the service reads another flag than the file's, so turning it on did nothing.",
		scenario.ReasonDefect:      "the flag was on, but every cache miss failed before the list grew: the known defect of demo 2.2.",
		scenario.ReasonTooFew:      "too few hits and misses were seen; watch longer.",
		scenario.ReasonNoGrowth:    "the product count on misses did not grow.",
		scenario.ReasonNotSlower:   "the product count grew, but misses were not slower than hits.",
	},
}

var scenarioFR = scenarioLabels{
	Title:     "Le scénario recommendation-cache (`labctl scenario recommendation-cache`)",
	Intro:     "Observé pendant %s : les spans `get_product_list` du service `%s`%s%s.",
	Release:   ", démo %s",
	Flag:      ", flag `%s`",
	Proven:    "**La fuite est visible** : ",
	NotProven: "**La fuite n'est pas visible** : %s",
	Growth:    "le nombre de produits des défauts de cache est passé de %d à %d (×%s) en %d défauts",
	Slower:    ", et les défauts sont plus lents que les succès (p50 %s contre %s).",
	Faster:    ", mais les défauts ne sont pas plus lents que les succès (p50 %s contre %s).",
	N:         "spans", P50: "p50", P95: "p95",
	Hits: "succès de cache", Misses: "défauts de cache",
	Hit:        "Un succès : trace `%s` (%s).",
	Miss:       "Un défaut : trace `%s` (%s).",
	MissCount:  "Un défaut : trace `%s` (%s, %d produits).",
	FailedMiss: "Un défaut : trace `%s` (%s, en erreur).",
	ChartTitle: "Nombre de produits des défauts de cache",
	XAxis:      "secondes depuis le premier défaut",
	YAxis:      "produits",
	Health:     "Le conteneur du service a redémarré %d fois%s.",
	NoRestart:  "Le conteneur du service n'a pas redémarré.",
	OOM:        ", tué faute de mémoire",
	Memory:     "Sa mémoire est passée de %.0f Mio à %.0f Mio.",
	Reasons: map[scenario.Reason]string{
		scenario.ReasonNoTraffic:   "aucun span `get_product_list` n'est arrivé : le générateur de charge n'a envoyé aucun trafic.",
		scenario.ReasonFlagOff:     "le flag du cache était désactivé, rien ne pouvait fuir.",
		scenario.ReasonFlagIgnored: "dans cette version de la démo (1.9–1.10), le service lit un autre flag que celui du fichier : l'activer n'a rien fait.",
		scenario.ReasonDefect:      "le flag était activé, mais chaque défaut de cache a échoué avant que la liste grandisse : le défaut connu de la démo 2.2.",
		scenario.ReasonTooFew:      "trop peu de succès et de défauts observés ; observez plus longtemps.",
		scenario.ReasonNoGrowth:    "le nombre de produits des défauts n'a pas augmenté.",
		scenario.ReasonNotSlower:   "le nombre de produits a augmenté, mais les défauts n'étaient pas plus lents que les succès.",
	},
}

func scenarioLabelsFor(l Lang) scenarioLabels {
	if l == French {
		return scenarioFR
	}
	return scenarioEN
}
