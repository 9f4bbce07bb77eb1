package report

// labels are the words of the report in one language. Format strings take
// their arguments in the order their comment says.
type labels struct {
	// Headings.
	TimeTitle, MRTitle, VerifyTitle, PipelineTitle, Question string

	// Table.
	Task, Estimate, Spent, Comment, Diff, Total string
	NoEstimate                                  string
	Running                                     string // cell suffix of a running task
	RunningNote                                 string // time
	NoTasks                                     string

	// MR.
	MRLine    string // url
	MRMissing string

	// Verify.
	VerifyNone               string
	VerifyRan                string // start, duration, topology, service
	VerifyPassed             string
	VerifyFailed             string
	VerifyOtherTop           string // verify topology, where the lab is described, its topology
	Required, Bonus, Skipped string

	// The verify trace's chart: title (trace id); link (URL); the sentence
	// (request, its duration, time in the database, the database) or
	// without database (request, duration).
	TraceTitle, TraceLink, TraceDB, TraceNoDB string

	// Diagram.
	DiagramLegend                  string
	Backend, Collector, PostgreSQL string
	Prometheus                     string

	// Pull/push answer: see pullpush.go for the arguments.
	PPIntro, PPIntroFound, PPDirect, PPMissing, Sep         string
	PPNoCollector                                           string
	PPPush, PPPull, PPPulled, PPLocal, PPUnknown            string
	PPRecvOTLP, PPRecvOTLPDirect, PPRecvPush                string
	PPRecvPostgres, PPRecvPrometheus, PPRecvPull, PPDefault string
	PPExpOTLPJaeger, PPExpPush, PPBatch                     string
	PPExpProm, PPExpPromNoScrape, PPExpLocal, PPExpUnknown  string
	PPExpIdle                                               string
	PPRecvUnknown, PPSelf, PPSelfNoScrape                   string
	PPSummary, PPPipeline, PPUnused                         string
	PPAllPush, PPAllPull, PPMixed                           string
	PPNone                                                  string
	Pipeline, Pipelines                                     string
	EdgePush, EdgePull, EdgeScrape, Every                   string
}

func labelsFor(l Lang) labels {
	if l == French {
		return fr
	}
	return en
}

var en = labels{
	TimeTitle:     "Estimated vs actual time",
	MRTitle:       "Merge request",
	VerifyTitle:   "Last check (`labctl verify`)",
	PipelineTitle: "Pipeline",
	Question:      "When is the Collector in pull mode, when in push mode?",

	Task: "Task", Estimate: "Estimated time", Spent: "Time spent", Comment: "Comment", Diff: "Difference", Total: "Total",
	NoEstimate:  "–",
	Running:     " ⏱",
	RunningNote: "⏱ running: counted up to %s.",
	NoTasks:     "No task tracked yet: add them with `labctl task add NAME --estimate 30m`, then `labctl task start NAME`.",

	MRLine:    "MR: <%s>",
	MRMissing: "MR: _link to add: rerun `labctl report --mr-url https://gitlab.com/…/-/merge_requests/N`._",

	VerifyNone:     "`labctl verify` has not been run yet: run it once the lab is up, then rerun `labctl report`.",
	VerifyRan:      "Ran on %s (%s), topology `%s`, service `%s`",
	VerifyPassed:   "**passed**: every required check passed.",
	VerifyFailed:   "**failed**: a required check did not pass.",
	VerifyOtherTop: "Note: this result is for the `%s` topology but %s now says `%s`; rerun `labctl verify`.",
	Required:       "required", Bonus: "bonus", Skipped: "skipped",

	TraceTitle: "Trace %s (ms from its start)",
	TraceLink:  "In Jaeger: <%s>.",
	TraceDB:    "The request %s took %s, %s of it in %s.",
	TraceNoDB:  "The request %s took %s; no span of it is a database call.",

	DiagramLegend: "Solid arrows: push (the sender starts). Dotted arrows: pull (the arrow starts at whoever fetches).",
	Backend:       "Backend", Collector: "OpenTelemetry Collector", PostgreSQL: "PostgreSQL", Prometheus: "Prometheus",

	PPIntro: "Derived from the Collector configuration labctl generated (`%s`), topology `%s`:",
	// Collector service, its configuration file, the project, topology.
	PPIntroFound: "Derived from the configuration of your Collector `%s` (`%s`) in %s, topology `%s`:",
	// The project.
	PPNoCollector: "%s has no OpenTelemetry Collector service, so nothing in it goes through a Collector. If one of your services is the Collector, map it in labctl.yaml (`services:`, then `NAME: collector`) and rerun `labctl report`.",
	PPDirect:      "In the `direct` topology the backend `%s` pushes its spans straight to Jaeger over OTLP: the Collector is not on the traces' path.",
	PPMissing:     "`%s` has not been generated yet: run `labctl render`, then `labctl report`, to derive this answer from the Collector's configuration.",
	Sep:           ": ",
	PPPush:        "**Push**", PPPull: "**Pull**", PPPulled: "**Pull** (by Prometheus)", PPLocal: "**Local**", PPUnknown: "**?**",
	PPRecvOTLP:        "the backend `%s` pushes its spans to the Collector over OTLP; the Collector only listens.",
	PPRecvOTLPDirect:  "listens for OTLP pushes, but in the `direct` topology the backend sends its spans to Jaeger, so nothing arrives here.",
	PPRecvPush:        "applications push their data to the Collector; it only listens.",
	PPRecvPostgres:    "the Collector connects to PostgreSQL and reads its statistics every %s (`collection_interval`%s).",
	PPRecvPrometheus:  "the Collector scrapes Prometheus endpoints every %s (`scrape_interval`%s).",
	PPRecvPull:        "the Collector fetches the data itself every %s (`collection_interval`%s).",
	PPRecvUnknown:     "labctl does not know whether this receiver type pushes or pulls; see its documentation.",
	PPDefault:         ", the receiver's default",
	PPExpOTLPJaeger:   "the Collector pushes the spans on to Jaeger over OTLP%s.",
	PPExpPush:         "the Collector pushes the data on to `%s`%s.",
	PPBatch:           ", in batches (`batch` processor)",
	PPExpProm:         "the Collector sends nothing: it exposes `/metrics` and Prometheus scrapes it every %s (job `%s` in `%s`).",
	PPExpPromNoScrape: "the Collector sends nothing: it exposes `/metrics` for Prometheus to scrape.",
	PPExpIdle:         "would push on what the pipeline receives, but in the `direct` topology nothing reaches it.",
	PPExpLocal:        "writes to the Collector's own log; nothing leaves the container.",
	PPExpUnknown:      "labctl does not know whether this exporter type pushes or is pulled; see its documentation.",
	PPSelf:            "the Collector's own metrics (`service.telemetry`, `%s`): exposed, and scraped by Prometheus every %s (job `%s`).",
	PPSelfNoScrape:    "the Collector's own metrics (`service.telemetry`, `%s`): exposed for scraping.",
	PPSummary:         "In short:",
	PPPipeline:        "pipeline `%s`: in %s, out %s → %s.",
	PPUnused:          "pipeline `%s`: unused in the `direct` topology (the backend pushes to Jaeger itself).",
	PPAllPush:         "**push** end to end", PPAllPull: "**pull** end to end", PPMixed: "mixed",
	PPNone:   "The Collector configuration has no pipeline, so it neither pushes nor pulls anything.",
	Pipeline: "pipeline", Pipelines: "pipelines",
	EdgePush: "push OTLP", EdgePull: "pull", EdgeScrape: "pull /metrics", Every: "every %s",
}

var fr = labels{
	TimeTitle:     "Temps estimé et temps passé",
	MRTitle:       "Merge request",
	VerifyTitle:   "Dernière vérification (`labctl verify`)",
	PipelineTitle: "Pipeline",
	Question:      "Dans quels cas le Collector est-il en mode pull ou push ?",

	Task: "Tâche", Estimate: "Temps estimé", Spent: "Temps passé", Comment: "Commentaire", Diff: "Écart", Total: "Total",
	NoEstimate:  "–",
	Running:     " ⏱",
	RunningNote: "⏱ en cours : compté jusqu'au %s.",
	NoTasks:     "Aucune tâche suivie : ajoutez-les avec `labctl task add NOM --estimate 30m`, puis `labctl task start NOM`.",

	MRLine:    "MR : <%s>",
	MRMissing: "MR : _lien à ajouter : relancez `labctl report --mr-url https://gitlab.com/…/-/merge_requests/N`._",

	VerifyNone:     "`labctl verify` n'a pas encore été lancé : lancez-le une fois le lab démarré, puis relancez `labctl report`.",
	VerifyRan:      "Lancée le %s (%s), topologie `%s`, service `%s`",
	VerifyPassed:   "**réussie** : toutes les vérifications obligatoires passent.",
	VerifyFailed:   "**échouée** : une vérification obligatoire ne passe pas.",
	VerifyOtherTop: "Attention : ce résultat concerne la topologie `%s` mais %s indique maintenant `%s` ; relancez `labctl verify`.",
	Required:       "obligatoire", Bonus: "bonus", Skipped: "ignorée",

	TraceTitle: "Trace %s (ms depuis son début)",
	TraceLink:  "Dans Jaeger : <%s>.",
	TraceDB:    "La requête %s a pris %s, dont %s dans %s.",
	TraceNoDB:  "La requête %s a pris %s ; aucun de ses spans n'est un appel à la base de données.",

	DiagramLegend: "Flèches pleines : push (l'émetteur prend l'initiative). Flèches pointillées : pull (la flèche part de celui qui va chercher).",
	Backend:       "Backend", Collector: "OpenTelemetry Collector", PostgreSQL: "PostgreSQL", Prometheus: "Prometheus",

	PPIntro: "D'après la configuration du Collector générée par labctl (`%s`), topologie `%s` :",
	// Service du Collector, son fichier de configuration, le projet, topologie.
	PPIntroFound: "D'après la configuration de votre Collector `%s` (`%s`) dans %s, topologie `%s` :",
	// Le projet.
	PPNoCollector: "%s n'a aucun service OpenTelemetry Collector : rien n'y passe par un Collector. Si l'un de vos services est le Collector, déclarez-le dans labctl.yaml (`services:`, puis `NOM: collector`) et relancez `labctl report`.",
	PPDirect:      "En topologie `direct`, le backend `%s` pousse ses spans directement vers Jaeger en OTLP : le Collector n'est pas sur le chemin des traces.",
	PPMissing:     "`%s` n'a pas encore été généré : lancez `labctl render`, puis `labctl report`, pour déduire cette réponse de la configuration du Collector.",
	Sep:           " : ",
	PPPush:        "**Push**", PPPull: "**Pull**", PPPulled: "**Pull** (par Prometheus)", PPLocal: "**Local**", PPUnknown: "**?**",
	PPRecvOTLP:        "le backend `%s` pousse ses spans vers le Collector en OTLP ; le Collector ne fait qu'écouter.",
	PPRecvOTLPDirect:  "écoute les envois OTLP, mais en topologie `direct` le backend envoie ses spans à Jaeger : rien n'arrive ici.",
	PPRecvPush:        "les applications poussent leurs données vers le Collector ; il ne fait qu'écouter.",
	PPRecvPostgres:    "le Collector se connecte à PostgreSQL et lit ses statistiques toutes les %s (`collection_interval`%s).",
	PPRecvPrometheus:  "le Collector va lire (scrape) des endpoints Prometheus toutes les %s (`scrape_interval`%s).",
	PPRecvPull:        "le Collector va chercher les données lui-même toutes les %s (`collection_interval`%s).",
	PPRecvUnknown:     "labctl ne sait pas si ce type de receiver pousse ou tire ; voir sa documentation.",
	PPDefault:         ", valeur par défaut du receiver",
	PPExpOTLPJaeger:   "le Collector pousse les spans vers Jaeger en OTLP%s.",
	PPExpPush:         "le Collector pousse les données vers `%s`%s.",
	PPBatch:           ", par lots (processor `batch`)",
	PPExpProm:         "le Collector n'envoie rien : il expose `/metrics` et Prometheus vient le lire (scrape) toutes les %s (job `%s` de `%s`).",
	PPExpPromNoScrape: "le Collector n'envoie rien : il expose `/metrics` pour que Prometheus vienne le lire.",
	PPExpIdle:         "pousserait ce que le pipeline reçoit, mais en topologie `direct` rien ne lui arrive.",
	PPExpLocal:        "écrit dans le log du Collector ; rien ne sort du conteneur.",
	PPExpUnknown:      "labctl ne sait pas si ce type d'exporter pousse ou est lu ; voir sa documentation.",
	PPSelf:            "les métriques propres du Collector (`service.telemetry`, `%s`) : exposées, et lues par Prometheus toutes les %s (job `%s`).",
	PPSelfNoScrape:    "les métriques propres du Collector (`service.telemetry`, `%s`) : exposées pour être lues.",
	PPSummary:         "En résumé :",
	PPPipeline:        "pipeline `%s` : entrée en %s, sortie en %s → %s.",
	PPUnused:          "pipeline `%s` : inutilisé en topologie `direct` (le backend pousse lui-même vers Jaeger).",
	PPAllPush:         "**push** de bout en bout", PPAllPull: "**pull** de bout en bout", PPMixed: "mixte",
	PPNone:   "La configuration du Collector n'a aucun pipeline : il ne pousse ni ne tire rien.",
	Pipeline: "pipeline", Pipelines: "pipelines",
	EdgePush: "push OTLP", EdgePull: "pull", EdgeScrape: "pull /metrics", Every: "toutes les %s",
}
