package msg

// The pipeline walk's rules (internal/rules/walk.go, LAB100-LAB139): the
// title and the explain page of each sentence verify's walk can say
// (diag.* keys), in both languages. A page says what the sentence means,
// what labctl saw to say it (the facts the walk checks on its snapshot;
// internal/checks' truth tests check the same facts), and what to do.
func init() {
	extend(English, map[string]string{
		"rule.LAB100.title": "The backend does not answer verify's requests",
		"rule.LAB100.page": `What it means: verify sent its requests to the backend and none got an answer, so no request was traced; the span checks fail for that reason alone.
What labctl saw: verify sent requests; none got an HTTP status back, and none recorded an error of its own (no connection error, no 5xx).
What to do: start the backend (labctl up for labctl's lab, docker compose up -d for your project), read its log, or point verify at it with --backend URL.`,
		"rule.LAB101.title": "The backend does not answer verify's requests (with the error)",
		"rule.LAB101.page": `What it means: verify sent its requests to the backend and none got an answer, so no request was traced; the first request's error says why (connection refused: nothing listens there; a timeout: a firewall or a wrong address).
What labctl saw: verify sent requests; none got an HTTP status back; at least one recorded an error, and the sentence quotes the first.
What to do: start the backend, read its log, check the published port, or point verify at it with --backend URL.`,
		"rule.LAB102.title": "The backend fails some of verify's requests",
		"rule.LAB102.page": `What it means: the backend answers, but some requests got a server error (5xx) or no answer; a 500 on every route that touches the database usually means the backend cannot reach or log into PostgreSQL.
What labctl saw: at least one of verify's requests failed (an error or a status of 500 or more); the sentence quotes every failure.
What to do: read the backend's log, then check its POSTGRES_HOST, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB against the database service.`,
		"rule.LAB103.title": "The Collector does not answer",
		"rule.LAB103.page": `What it means: the spans are meant to go through the Collector, and the Collector does not answer on its own metrics port: it is not running, so the backend's spans go nowhere.
What labctl saw: the lab sends spans through the Collector; labctl can reach the Collector's own metrics (their port is published) and reading them failed (the error is quoted).
What to do: start the Collector, then read its log: a Collector that exits at start says why in its first error.`,
		"rule.LAB104.title": "The Collector accepted no span",
		"rule.LAB104.page": `What it means: the Collector runs, but no span reached it during verify's traffic: the backend sends its spans elsewhere, or does not start the OpenTelemetry SDK.
What labctl saw: the lab sends spans through the Collector; the Collector's own metrics answered, and otelcol_receiver_accepted_spans_total did not move during the run (0 spans accepted).
What to do: set OTEL_EXPORTER_OTLP_ENDPOINT in the backend to the Collector's service name and OTLP port (not localhost inside a container), and check that the backend starts the SDK (opentelemetry-instrument or FastAPIInstrumentor).`,
		"rule.LAB105.title": "The Collector has no Jaeger exporter in its traces pipeline",
		"rule.LAB105.page": `What it means: the Collector received spans, but the exporter that sends them to Jaeger is not in its traces pipeline; other exporters got the spans.
What labctl saw: the Collector accepted spans during the run (the number is quoted); the Jaeger exporter has no sent-spans series at all, and other exporters (listed) sent or failed spans.
What to do: add the Jaeger exporter to service.pipelines.traces.exporters in the Collector's config, with Jaeger's OTLP endpoint.`,
		"rule.LAB106.title": "The Collector cannot export spans to Jaeger",
		"rule.LAB106.page": `What it means: the Collector received spans but its Jaeger exporter did not deliver them: a wrong endpoint or port, TLS where Jaeger has none, or Jaeger not running.
What labctl saw: the Collector accepted spans during the run; its Jaeger exporter sent none, or some failed; the sentence quotes accepted, sent, failed and the queue's size.
What to do: check the exporter's endpoint (Jaeger's service name and OTLP gRPC port), tls.insecure: true, and that Jaeger runs; the Collector's log names the error.`,
		"rule.LAB107.title": "The spans took longer than the deadline to go through the Collector",
		"rule.LAB107.page": `What it means: no stage of the spans' path was seen broken; the Collector's counters did not show the spans passing before the deadline.
What labctl saw: no walk sentence's facts held on what the pipeline looked like at the end: this one claims nothing about the lab, only about time.
What to do: retry with a longer --timeout; if it keeps failing, read the Collector's log.`,
		"rule.LAB108.title": "Jaeger's query service does not answer",
		"rule.LAB108.page": `What it means: labctl cannot ask Jaeger which services and traces it has, so it cannot prove the spans arrived.
What labctl saw: asking Jaeger's query service for its services failed (the error is quoted).
What to do: start Jaeger, or point verify at it with --jaeger (its UI's URL, or the HOST:PORT of its gRPC query port).`,
		"rule.LAB109.title": "Jaeger has spans from another service name",
		"rule.LAB109.page": `What it means: spans arrive in Jaeger, but under another service name than the one verify checks: the backend reports another service.name.
What labctl saw: Jaeger answered; it has spans from services other than its own (listed), and none from the service verify checks.
What to do: check that name instead (service_name in labctl.yaml), or make the backend report the expected name with OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES=service.name=NAME.`,
		"rule.LAB110.title": "Jaeger has no spans (the backend sends to Jaeger directly)",
		"rule.LAB110.page": `What it means: in this lab the backend sends its spans straight to Jaeger, and none arrived from any service.
What labctl saw: the lab's topology sends spans to Jaeger directly; Jaeger answered, and it has spans from no service but its own.
What to do: set OTEL_EXPORTER_OTLP_ENDPOINT in the backend to Jaeger's service name and OTLP port (not localhost inside a container), and check that the backend starts the SDK.`,
		"rule.LAB111.title": "The Collector exported spans that Jaeger does not have",
		"rule.LAB111.page": `What it means: the Collector delivered spans through its Jaeger exporter, yet the Jaeger labctl queries has none: the exporter sends them to another Jaeger (another host or port).
What labctl saw: the lab sends spans through the Collector; the Collector's own metrics answered, and its exporter sent spans during the run (the number is quoted); Jaeger answered and has spans from no service but its own.
What to do: check the Jaeger exporter's endpoint in the Collector's config: it must be the Jaeger that verify queries.`,
		"rule.LAB112.title": "Jaeger has no spans and the Collector's metrics are out of reach",
		"rule.LAB112.page": `What it means: Jaeger has no spans, and labctl cannot read the Collector's own metrics to tell whether the spans stop before the Collector or after it.
What labctl saw: the lab sends spans through the Collector; the Collector's metrics port is not reachable from this machine (not published); Jaeger answered and has spans from no service but its own.
What to do: check the backend's OTEL_EXPORTER_OTLP_ENDPOINT and the Collector's Jaeger exporter endpoint, read both logs; publish the Collector's own metrics port to let labctl tell which.`,
		"rule.LAB113.title": "The spans did not reach Jaeger before the deadline",
		"rule.LAB113.page": `What it means: no stage of the spans' path was seen broken, but the service did not show up in Jaeger before the deadline.
What labctl saw: no walk sentence's facts held on what the pipeline looked like at the end: this one claims nothing about the lab, only about time.
What to do: retry with a longer --timeout.`,
		"rule.LAB114.title": "Jaeger has the service but no trace in the traffic window",
		"rule.LAB114.page": `What it means: Jaeger knows the service, but none of its traces falls within the time verify sent its requests: those spans did not arrive (yet), or the traffic went to another backend than the one that exports.
What labctl saw: Jaeger answered and lists the service; it found no trace of it between the start and the end of verify's traffic.
What to do: retry with a longer --timeout (the SDK exports in batches), and check that --backend is the backend that exports.`,
		"rule.LAB115.title": "The traces have no HTTP server span",
		"rule.LAB115.page": `What it means: the backend's traces arrive, but none has the span an instrumented web framework makes for each request.
What labctl saw: Jaeger has traces in the traffic window, and none of them has a server span with http.route and http.method (or http.request.method).
What to do: instrument FastAPI: FastAPIInstrumentor.instrument_app(app), or run uvicorn under opentelemetry-instrument.`,
		"rule.LAB116.title": "No HTTP server span to hang database spans on",
		"rule.LAB116.page": `What it means: the database span check looks for a PostgreSQL span under a request's server span; there is no server span, so it cannot pass.
What labctl saw: no trace in the traffic window has a server span with http.route and http.method.
What to do: fix the http_server_span check first.`,
		"rule.LAB117.title": "The traced requests have no PostgreSQL client span",
		"rule.LAB117.page": `What it means: requests are traced, but the database calls they make are not: the database layer is not instrumented.
What labctl saw: a trace has an HTTP server span; no trace has a PostgreSQL client span (db.system=postgresql) under its server span.
What to do: instrument the database layer: SQLAlchemyInstrumentor().instrument(engine=engine), or Psycopg2Instrumentor().instrument().`,

		"rule.LAB120.title": "The Collector does not answer, so nothing reads PostgreSQL",
		"rule.LAB120.page": `What it means: the postgresql_* metrics come from the Collector's postgresql receiver; the Collector does not answer, so it is not running and nothing collects them.
What labctl saw: labctl can reach the Collector's own metrics from here and reading them failed; labctl could not read its prometheus exporter either.
What to do: start the Collector, then read its log.`,
		"rule.LAB121.title": "The postgresql receiver cannot read PostgreSQL",
		"rule.LAB121.page": `What it means: the Collector's postgresql receiver runs but its reads fail: PostgreSQL refuses its login (wrong password, no such role, a role without LOGIN) or its access to a database.
What labctl saw: the Collector's exporter does not serve the metric checked, and otelcol_scraper_errored_metric_points_total for the postgresql receiver is above zero (the number is quoted).
What to do: read the Collector's log for PostgreSQL's own words, then check receivers.postgresql.username and password against the database's users and grants (GRANT pg_monitor, GRANT CONNECT).`,
		"rule.LAB122.title": "The Collector's prometheus exporter does not answer",
		"rule.LAB122.page": `What it means: labctl can reach the prometheus exporter's port from here, but nothing serves metrics there: the exporter is not in a metrics pipeline, or listens on another address or port.
What labctl saw: the exporter's port is reachable from this machine, and reading it failed (the error is quoted).
What to do: put the prometheus exporter in a metrics pipeline with the postgresql receiver, listening on the address the sentence names.`,
		"rule.LAB123.title": "The Collector does not serve the metric",
		"rule.LAB123.page": `What it means: the Collector's prometheus exporter answers, but without the postgresql_* metric checked: the postgresql receiver is not in a metrics pipeline that exports to prometheus, or it cannot reach PostgreSQL.
What labctl saw: the exporter answered, the metric checked is not among the series it serves, and it serves no postgresql_* series at all (one would prove the receiver reads PostgreSQL: see LAB135).
What to do: put the postgresql receiver in a metrics pipeline that exports to prometheus, and check its endpoint (the database's service name and port).`,
		"rule.LAB124.title": "The Collector serves the metric but Prometheus has none",
		"rule.LAB124.page": `What it means: the metric leaves the Collector but does not reach Prometheus: Prometheus does not scrape the Collector's exporter.
What labctl saw: the Collector's exporter serves the metric; Prometheus answered and has no series of it.
What to do: add a scrape job for the Collector's exporter (its service name and exporter port) to Prometheus's config.`,
		"rule.LAB125.title": "Prometheus has no such metric and the exporter is out of reach",
		"rule.LAB125.page": `What it means: Prometheus has no series of the metric, and labctl cannot read the Collector's exporter from here to tell whether the Collector serves it.
What labctl saw: the exporter's port is not reachable from this machine (not published); Prometheus answered and has no series of the metric.
What to do: check both the Collector (postgresql receiver in a metrics pipeline exporting to prometheus) and Prometheus's scrape job for the Collector's exporter.`,
		"rule.LAB126.title": "Prometheus does not answer",
		"rule.LAB126.page": `What it means: labctl cannot ask Prometheus for its targets and series.
What labctl saw: Prometheus's API failed (the error is quoted).
What to do: start Prometheus, or point verify at it with --prometheus URL.`,
		"rule.LAB127.title": "Prometheus does not answer, while the Collector serves the metrics",
		"rule.LAB127.page": `What it means: the Collector side works: only Prometheus is missing.
What labctl saw: Prometheus's API failed (the error is quoted); the Collector's exporter serves postgresql_* series (their number is quoted).
What to do: start Prometheus, or point verify at it with --prometheus URL.`,
		"rule.LAB128.title": "Prometheus has no target in the Collector's job",
		"rule.LAB128.page": `What it means: Prometheus runs but has no scrape target for the Collector's exporter.
What labctl saw: Prometheus answered; none of its targets is in the job labctl takes for the Collector's exporter.
What to do: add a scrape config for the Collector's exporter (its service name and exporter port) to Prometheus's config.`,
		"rule.LAB129.title": "Prometheus cannot scrape the Collector, which is not running",
		"rule.LAB129.page": `What it means: Prometheus's target for the Collector is down because the Collector itself does not run.
What labctl saw: Prometheus answered; a target of the Collector's job is not up (its health and last error are quoted); the Collector's own metrics are reachable from here and do not answer.
What to do: start the Collector and read its log.`,
		"rule.LAB130.title": "Prometheus cannot scrape the Collector's exporter",
		"rule.LAB130.page": `What it means: Prometheus has a target for the Collector's exporter but cannot read it: a wrong host or port in the target, or an exporter that listens elsewhere.
What labctl saw: Prometheus answered; a target of the Collector's job is not up (its health and last error are quoted).
What to do: check the target's address in Prometheus's config, and that the prometheus exporter listens on all interfaces on that port.`,
		"rule.LAB131.title": "Prometheus had not scraped the Collector at the deadline",
		"rule.LAB131.page": `What it means: no stage of the metrics' path was seen broken; Prometheus had simply not scraped the Collector's job yet.
What labctl saw: no walk sentence's facts held on what the pipeline looked like at the end: this one claims nothing about the lab, only about time.
What to do: retry with a longer --timeout.`,
		"rule.LAB132.title": "Postgresql_commits_total did not rise",
		"rule.LAB132.page": `What it means: the counter exists, but the postgresql receiver did not collect again during the run, so nothing shows that it reads the database now.
What labctl saw: postgresql_commits_total was read during the run, and its last value is not above its first (the value is quoted).
What to do: lower receivers.postgresql.collection_interval (labctl's lab uses a short one), or retry with a longer --timeout.`,
		"rule.LAB133.title": "Postgresql_commits_total was not seen before the deadline",
		"rule.LAB133.page": `What it means: Prometheus has the counter, but the check never read it during the run.
What labctl saw: the check saw no value of postgresql_commits_total; Prometheus has it now.
What to do: retry with a longer --timeout.`,
		"rule.LAB134.title": "Postgresql_rows is not from this run",
		"rule.LAB134.page": `What it means: Prometheus has postgresql_rows, but an exporter keeps showing a series for minutes after its receiver stopped collecting: rows count only once a collection during this run is seen.
What labctl saw: Prometheus has postgresql_rows; postgresql_commits_total did not rise during the run.
What to do: see the postgresql_commits check's diagnosis.`,
		"diag.rows.no_table": "the Collector serves %s, so its postgresql receiver reads PostgreSQL, but no %s at %s: that metric has one series per table of the databases the receiver reads, and they have no table; check that the backend's database is one the receiver reads (receivers.postgresql.databases in %s) and that the backend created its table (%s)",
		"rule.LAB135.title":  "The databases the receiver reads have no table",
		"rule.LAB135.page": `What it means: the postgresql receiver works (the Collector serves its postgresql_commits_total), but postgresql_rows has one series per table of the databases it reads, and they have none: it reads another database than the backend's, or the backend has not created its table yet.
What labctl saw: the exporter answered, it serves postgresql_commits_total, and postgresql_rows is not among the series it serves.
What to do: make the backend's database one the receiver reads (receivers.postgresql.databases in the Collector's config), and check in the backend's log that it created its table.`,
		"explain.by.walk":   "labctl verify, walking the pipeline as it looked when the checks ended (no file rule or log line named a cause)",
		"rule.LAB139.title": "Labctl could not tell why the check failed",
		"rule.LAB139.page": `What it means: none of the walk's sentences fits what the pipeline looked like at the end, so labctl says nothing it did not see.
What labctl saw: no walk sentence's facts held; this one claims nothing about the lab.
What to do: read the check's evidence, and retry with a longer --timeout if the lab was still starting.`,
	})
	extend(French, map[string]string{
		"rule.LAB100.title": "Le backend ne répond pas aux requêtes de verify",
		"rule.LAB100.page": `Ce que cela veut dire : verify a envoyé ses requêtes au backend et aucune n'a reçu de réponse ; aucune requête n'a donc été tracée, et les vérifications des spans échouent pour cette seule raison.
Ce que labctl a vu : verify a envoyé des requêtes ; aucune n'a reçu de statut HTTP, et aucune n'a enregistré d'erreur propre (ni erreur de connexion, ni 5xx).
Que faire : démarrez le backend (labctl up pour le lab de labctl, docker compose up -d pour votre projet), lisez son journal, ou indiquez-le à verify avec --backend URL.`,
		"rule.LAB101.title": "Le backend ne répond pas aux requêtes de verify (avec l'erreur)",
		"rule.LAB101.page": `Ce que cela veut dire : verify a envoyé ses requêtes au backend et aucune n'a reçu de réponse ; aucune requête n'a donc été tracée. L'erreur de la première dit pourquoi (connexion refusée : rien n'écoute là ; délai dépassé : un pare-feu ou une mauvaise adresse).
Ce que labctl a vu : verify a envoyé des requêtes ; aucune n'a reçu de statut HTTP ; au moins une a enregistré une erreur, et la phrase cite la première.
Que faire : démarrez le backend, lisez son journal, vérifiez le port publié, ou indiquez-le à verify avec --backend URL.`,
		"rule.LAB102.title": "Le backend fait échouer une partie des requêtes de verify",
		"rule.LAB102.page": `Ce que cela veut dire : le backend répond, mais certaines requêtes ont reçu une erreur serveur (5xx) ou pas de réponse ; une erreur 500 sur chaque route qui touche la base signifie en général que le backend ne peut pas joindre PostgreSQL ou s'y connecter.
Ce que labctl a vu : au moins une requête de verify a échoué (une erreur, ou un statut de 500 ou plus) ; la phrase cite chaque échec.
Que faire : lisez le journal du backend, puis comparez ses POSTGRES_HOST, POSTGRES_USER, POSTGRES_PASSWORD et POSTGRES_DB au service de la base.`,
		"rule.LAB103.title": "Le Collector ne répond pas",
		"rule.LAB103.page": `Ce que cela veut dire : les spans doivent passer par le Collector, et le Collector ne répond pas sur le port de ses propres métriques : il ne tourne pas, les spans du backend ne vont donc nulle part.
Ce que labctl a vu : le lab fait passer les spans par le Collector ; labctl peut joindre les métriques propres du Collector (leur port est publié) et leur lecture a échoué (l'erreur est citée).
Que faire : démarrez le Collector, puis lisez son journal : un Collector qui s'arrête au démarrage en donne la raison dans sa première erreur.`,
		"rule.LAB104.title": "Le Collector n'a accepté aucun span",
		"rule.LAB104.page": `Ce que cela veut dire : le Collector tourne, mais aucun span ne lui est parvenu pendant le trafic de verify : le backend envoie ses spans ailleurs, ou ne démarre pas le SDK OpenTelemetry.
Ce que labctl a vu : le lab fait passer les spans par le Collector ; les métriques propres du Collector ont répondu, et otelcol_receiver_accepted_spans_total n'a pas bougé pendant l'exécution (0 span accepté).
Que faire : dans le backend, pointez OTEL_EXPORTER_OTLP_ENDPOINT vers le nom de service du Collector et son port OTLP (pas localhost dans un conteneur), et vérifiez que le backend démarre le SDK (opentelemetry-instrument ou FastAPIInstrumentor).`,
		"rule.LAB105.title": "Le pipeline traces du Collector n'a pas d'exporter vers Jaeger",
		"rule.LAB105.page": `Ce que cela veut dire : le Collector a reçu des spans, mais l'exporter qui les envoie à Jaeger n'est pas dans son pipeline traces ; d'autres exporters ont eu les spans.
Ce que labctl a vu : le Collector a accepté des spans pendant l'exécution (leur nombre est cité) ; l'exporter Jaeger n'a aucune série de spans envoyés, et d'autres exporters (listés) ont envoyé des spans ou échoué.
Que faire : ajoutez l'exporter Jaeger à service.pipelines.traces.exporters dans la configuration du Collector, avec l'endpoint OTLP de Jaeger.`,
		"rule.LAB106.title": "Le Collector ne peut pas exporter les spans vers Jaeger",
		"rule.LAB106.page": `Ce que cela veut dire : le Collector a reçu des spans mais son exporter Jaeger ne les a pas livrés : un mauvais endpoint ou port, du TLS là où Jaeger n'en a pas, ou Jaeger arrêté.
Ce que labctl a vu : le Collector a accepté des spans pendant l'exécution ; son exporter Jaeger n'en a envoyé aucun, ou certains ont échoué ; la phrase cite les nombres acceptés, envoyés, en échec et la taille de la file.
Que faire : vérifiez l'endpoint de l'exporter (le nom de service de Jaeger et son port OTLP gRPC), tls.insecure: true, et que Jaeger tourne ; le journal du Collector nomme l'erreur.`,
		"rule.LAB107.title": "Les spans ont mis plus longtemps que le délai à traverser le Collector",
		"rule.LAB107.page": `Ce que cela veut dire : aucune étape du chemin des spans n'a été vue cassée ; les compteurs du Collector n'ont pas montré le passage des spans avant la fin du délai.
Ce que labctl a vu : les faits d'aucune phrase du parcours ne tenaient sur l'état du pipeline à la fin : celle-ci n'affirme rien du lab, seulement du temps.
Que faire : réessayez avec un --timeout plus long ; si l'échec persiste, lisez le journal du Collector.`,
		"rule.LAB108.title": "Le service de requête de Jaeger ne répond pas",
		"rule.LAB108.page": `Ce que cela veut dire : labctl ne peut pas demander à Jaeger quels services et quelles traces il a : il ne peut donc pas prouver que les spans sont arrivés.
Ce que labctl a vu : la demande de la liste des services au service de requête de Jaeger a échoué (l'erreur est citée).
Que faire : démarrez Jaeger, ou indiquez-le à verify avec --jaeger (l'URL de son interface, ou HÔTE:PORT de son port de requête gRPC).`,
		"rule.LAB109.title": "Jaeger a des spans d'un autre nom de service",
		"rule.LAB109.page": `Ce que cela veut dire : des spans arrivent dans Jaeger, mais sous un autre nom de service que celui que verify vérifie : le backend déclare un autre service.name.
Ce que labctl a vu : Jaeger a répondu ; il a des spans d'autres services que le sien (listés), et aucun du service vérifié.
Que faire : vérifiez plutôt ce nom (service_name dans labctl.yaml), ou faites déclarer le nom attendu au backend avec OTEL_SERVICE_NAME ou OTEL_RESOURCE_ATTRIBUTES=service.name=NOM.`,
		"rule.LAB110.title": "Jaeger n'a aucun span (le backend envoie directement à Jaeger)",
		"rule.LAB110.page": `Ce que cela veut dire : dans ce lab, le backend envoie ses spans directement à Jaeger, et aucun n'est arrivé, d'aucun service.
Ce que labctl a vu : la topologie du lab envoie les spans directement à Jaeger ; Jaeger a répondu, et il n'a de spans d'aucun service hormis le sien.
Que faire : dans le backend, pointez OTEL_EXPORTER_OTLP_ENDPOINT vers le nom de service de Jaeger et son port OTLP (pas localhost dans un conteneur), et vérifiez que le backend démarre le SDK.`,
		"rule.LAB111.title": "Le Collector a exporté des spans que Jaeger n'a pas",
		"rule.LAB111.page": `Ce que cela veut dire : le Collector a livré des spans par son exporter Jaeger, mais le Jaeger que labctl interroge n'en a aucun : l'exporter les envoie à un autre Jaeger (autre hôte ou autre port).
Ce que labctl a vu : le lab fait passer les spans par le Collector ; les métriques propres du Collector ont répondu, et son exporter a envoyé des spans pendant l'exécution (leur nombre est cité) ; Jaeger a répondu et n'a de spans d'aucun service hormis le sien.
Que faire : vérifiez l'endpoint de l'exporter Jaeger dans la configuration du Collector : ce doit être le Jaeger que verify interroge.`,
		"rule.LAB112.title": "Jaeger n'a aucun span et les métriques du Collector sont hors de portée",
		"rule.LAB112.page": `Ce que cela veut dire : Jaeger n'a aucun span, et labctl ne peut pas lire les métriques propres du Collector pour savoir si les spans s'arrêtent avant le Collector ou après lui.
Ce que labctl a vu : le lab fait passer les spans par le Collector ; le port des métriques du Collector est injoignable depuis cette machine (pas publié) ; Jaeger a répondu et n'a de spans d'aucun service hormis le sien.
Que faire : vérifiez OTEL_EXPORTER_OTLP_ENDPOINT du backend et l'endpoint de l'exporter Jaeger du Collector, lisez les deux journaux ; publiez le port des métriques propres du Collector pour que labctl puisse trancher.`,
		"rule.LAB113.title": "Les spans ne sont pas arrivés dans Jaeger avant la fin du délai",
		"rule.LAB113.page": `Ce que cela veut dire : aucune étape du chemin des spans n'a été vue cassée, mais le service n'est pas apparu dans Jaeger avant la fin du délai.
Ce que labctl a vu : les faits d'aucune phrase du parcours ne tenaient sur l'état du pipeline à la fin : celle-ci n'affirme rien du lab, seulement du temps.
Que faire : réessayez avec un --timeout plus long.`,
		"rule.LAB114.title": "Jaeger connaît le service mais n'a aucune trace dans la fenêtre du trafic",
		"rule.LAB114.page": `Ce que cela veut dire : Jaeger connaît le service, mais aucune de ses traces ne tombe pendant l'envoi des requêtes de verify : ces spans ne sont pas (encore) arrivés, ou le trafic est allé à un autre backend que celui qui exporte.
Ce que labctl a vu : Jaeger a répondu et liste le service ; il n'en a trouvé aucune trace entre le début et la fin du trafic de verify.
Que faire : réessayez avec un --timeout plus long (le SDK exporte par lots), et vérifiez que --backend est bien le backend qui exporte.`,
		"rule.LAB115.title": "Les traces n'ont pas de span serveur HTTP",
		"rule.LAB115.page": `Ce que cela veut dire : les traces du backend arrivent, mais aucune n'a le span qu'un framework web instrumenté crée pour chaque requête.
Ce que labctl a vu : Jaeger a des traces dans la fenêtre du trafic, et aucune n'a de span serveur avec http.route et http.method (ou http.request.method).
Que faire : instrumentez FastAPI : FastAPIInstrumentor.instrument_app(app), ou lancez uvicorn sous opentelemetry-instrument.`,
		"rule.LAB116.title": "Aucun span serveur HTTP sous lequel accrocher les spans de la base",
		"rule.LAB116.page": `Ce que cela veut dire : la vérification des spans de la base cherche un span PostgreSQL sous le span serveur d'une requête ; il n'y a pas de span serveur, elle ne peut donc pas réussir.
Ce que labctl a vu : aucune trace de la fenêtre du trafic n'a de span serveur avec http.route et http.method.
Que faire : corrigez d'abord la vérification http_server_span.`,
		"rule.LAB117.title": "Les requêtes tracées n'ont pas de span client PostgreSQL",
		"rule.LAB117.page": `Ce que cela veut dire : les requêtes sont tracées, mais pas les appels à la base qu'elles font : la couche base de données n'est pas instrumentée.
Ce que labctl a vu : une trace a un span serveur HTTP ; aucune trace n'a de span client PostgreSQL (db.system=postgresql) sous son span serveur.
Que faire : instrumentez la couche base de données : SQLAlchemyInstrumentor().instrument(engine=engine), ou Psycopg2Instrumentor().instrument().`,

		"rule.LAB120.title": "Le Collector ne répond pas : personne ne lit PostgreSQL",
		"rule.LAB120.page": `Ce que cela veut dire : les métriques postgresql_* viennent du receiver postgresql du Collector ; le Collector ne répond pas, il ne tourne donc pas et personne ne les collecte.
Ce que labctl a vu : labctl peut joindre d'ici les métriques propres du Collector et leur lecture a échoué ; labctl n'a pas pu lire son exporter prometheus non plus.
Que faire : démarrez le Collector, puis lisez son journal.`,
		"rule.LAB121.title": "Le receiver postgresql ne peut pas lire PostgreSQL",
		"rule.LAB121.page": `Ce que cela veut dire : le receiver postgresql du Collector tourne mais ses lectures échouent : PostgreSQL refuse sa connexion (mauvais mot de passe, rôle inexistant, rôle sans LOGIN) ou son accès à une base.
Ce que labctl a vu : l'exporter du Collector ne sert pas la métrique vérifiée, et otelcol_scraper_errored_metric_points_total du receiver postgresql est au-dessus de zéro (le nombre est cité).
Que faire : lisez dans le journal du Collector les mots de PostgreSQL lui-même, puis comparez receivers.postgresql.username et password aux utilisateurs et droits de la base (GRANT pg_monitor, GRANT CONNECT).`,
		"rule.LAB122.title": "L'exporter prometheus du Collector ne répond pas",
		"rule.LAB122.page": `Ce que cela veut dire : labctl peut joindre d'ici le port de l'exporter prometheus, mais rien n'y sert de métriques : l'exporter n'est dans aucun pipeline metrics, ou écoute sur une autre adresse ou un autre port.
Ce que labctl a vu : le port de l'exporter est joignable depuis cette machine, et sa lecture a échoué (l'erreur est citée).
Que faire : mettez l'exporter prometheus dans un pipeline metrics avec le receiver postgresql, à l'écoute sur l'adresse que la phrase nomme.`,
		"rule.LAB123.title": "Le Collector ne sert pas la métrique",
		"rule.LAB123.page": `Ce que cela veut dire : l'exporter prometheus du Collector répond, mais sans la métrique postgresql_* vérifiée : le receiver postgresql n'est dans aucun pipeline metrics qui exporte vers prometheus, ou il ne peut pas joindre PostgreSQL.
Ce que labctl a vu : l'exporter a répondu, la métrique vérifiée n'est pas parmi les séries qu'il sert, et il ne sert aucune série postgresql_* (une seule prouverait que le récepteur lit PostgreSQL : voir LAB135).
Que faire : mettez le receiver postgresql dans un pipeline metrics qui exporte vers prometheus, et vérifiez son endpoint (le nom de service de la base et son port).`,
		"rule.LAB124.title": "Le Collector sert la métrique mais Prometheus n'en a pas",
		"rule.LAB124.page": `Ce que cela veut dire : la métrique sort du Collector mais n'arrive pas dans Prometheus : Prometheus ne lit (scrape) pas l'exporter du Collector.
Ce que labctl a vu : l'exporter du Collector sert la métrique ; Prometheus a répondu et n'en a aucune série.
Que faire : ajoutez à la configuration de Prometheus un job de scrape pour l'exporter du Collector (son nom de service et le port de l'exporter).`,
		"rule.LAB125.title": "Prometheus n'a pas la métrique et l'exporter est hors de portée",
		"rule.LAB125.page": `Ce que cela veut dire : Prometheus n'a aucune série de la métrique, et labctl ne peut pas lire d'ici l'exporter du Collector pour savoir si le Collector la sert.
Ce que labctl a vu : le port de l'exporter est injoignable depuis cette machine (pas publié) ; Prometheus a répondu et n'a aucune série de la métrique.
Que faire : vérifiez le Collector (receiver postgresql dans un pipeline metrics qui exporte vers prometheus) et le job de scrape de Prometheus pour l'exporter du Collector.`,
		"rule.LAB126.title": "Prometheus ne répond pas",
		"rule.LAB126.page": `Ce que cela veut dire : labctl ne peut pas demander à Prometheus ses cibles et ses séries.
Ce que labctl a vu : l'API de Prometheus a échoué (l'erreur est citée).
Que faire : démarrez Prometheus, ou indiquez-le à verify avec --prometheus URL.`,
		"rule.LAB127.title": "Prometheus ne répond pas, alors que le Collector sert les métriques",
		"rule.LAB127.page": `Ce que cela veut dire : le côté Collector fonctionne : seul Prometheus manque.
Ce que labctl a vu : l'API de Prometheus a échoué (l'erreur est citée) ; l'exporter du Collector sert des séries postgresql_* (leur nombre est cité).
Que faire : démarrez Prometheus, ou indiquez-le à verify avec --prometheus URL.`,
		"rule.LAB128.title": "Prometheus n'a aucune cible dans le job du Collector",
		"rule.LAB128.page": `Ce que cela veut dire : Prometheus tourne mais n'a pas de cible de scrape pour l'exporter du Collector.
Ce que labctl a vu : Prometheus a répondu ; aucune de ses cibles n'est dans le job que labctl prend pour l'exporter du Collector.
Que faire : ajoutez à la configuration de Prometheus un scrape de l'exporter du Collector (son nom de service et le port de l'exporter).`,
		"rule.LAB129.title": "Prometheus ne peut pas lire le Collector, qui ne tourne pas",
		"rule.LAB129.page": `Ce que cela veut dire : la cible de Prometheus pour le Collector est en panne parce que le Collector lui-même ne tourne pas.
Ce que labctl a vu : Prometheus a répondu ; une cible du job du Collector n'est pas up (son état et sa dernière erreur sont cités) ; les métriques propres du Collector sont joignables d'ici et ne répondent pas.
Que faire : démarrez le Collector et lisez son journal.`,
		"rule.LAB130.title": "Prometheus ne peut pas lire l'exporter du Collector",
		"rule.LAB130.page": `Ce que cela veut dire : Prometheus a une cible pour l'exporter du Collector mais ne peut pas la lire : un mauvais hôte ou port dans la cible, ou un exporter qui écoute ailleurs.
Ce que labctl a vu : Prometheus a répondu ; une cible du job du Collector n'est pas up (son état et sa dernière erreur sont cités).
Que faire : vérifiez l'adresse de la cible dans la configuration de Prometheus, et que l'exporter prometheus écoute sur toutes les interfaces, sur ce port.`,
		"rule.LAB131.title": "Prometheus n'avait pas encore lu le Collector à la fin du délai",
		"rule.LAB131.page": `Ce que cela veut dire : aucune étape du chemin des métriques n'a été vue cassée ; Prometheus n'avait simplement pas encore lu le job du Collector.
Ce que labctl a vu : les faits d'aucune phrase du parcours ne tenaient sur l'état du pipeline à la fin : celle-ci n'affirme rien du lab, seulement du temps.
Que faire : réessayez avec un --timeout plus long.`,
		"rule.LAB132.title": "Postgresql_commits_total n'a pas augmenté",
		"rule.LAB132.page": `Ce que cela veut dire : le compteur existe, mais le receiver postgresql n'a pas refait de collecte pendant l'exécution : rien ne montre qu'il lit la base maintenant.
Ce que labctl a vu : postgresql_commits_total a été lu pendant l'exécution, et sa dernière valeur ne dépasse pas la première (la valeur est citée).
Que faire : baissez receivers.postgresql.collection_interval (le lab de labctl en utilise un court), ou réessayez avec un --timeout plus long.`,
		"rule.LAB133.title": "Postgresql_commits_total n'a pas été vu avant la fin du délai",
		"rule.LAB133.page": `Ce que cela veut dire : Prometheus a le compteur, mais la vérification ne l'a jamais lu pendant l'exécution.
Ce que labctl a vu : la vérification n'a vu aucune valeur de postgresql_commits_total ; Prometheus l'a maintenant.
Que faire : réessayez avec un --timeout plus long.`,
		"rule.LAB134.title": "Postgresql_rows ne date pas de cette exécution",
		"rule.LAB134.page": `Ce que cela veut dire : Prometheus a postgresql_rows, mais un exporter continue de montrer une série des minutes après l'arrêt de la collecte : les lignes ne comptent qu'une fois une collecte vue pendant cette exécution.
Ce que labctl a vu : Prometheus a postgresql_rows ; postgresql_commits_total n'a pas augmenté pendant l'exécution.
Que faire : voyez le diagnostic de la vérification postgresql_commits.`,
		"diag.rows.no_table": "le Collector sert %s, son récepteur postgresql lit donc PostgreSQL, mais pas de %s sur %s : cette métrique a une série par table des bases que lit le récepteur, et elles n'ont aucune table ; vérifiez que la base du backend est l'une de celles que lit le récepteur (receivers.postgresql.databases dans %s) et que le backend a créé sa table (%s)",
		"rule.LAB135.title":  "Les bases que lit le récepteur n'ont aucune table",
		"rule.LAB135.page": `Ce que cela veut dire : le récepteur postgresql fonctionne (le Collector sert son postgresql_commits_total), mais postgresql_rows a une série par table des bases qu'il lit, et elles n'en ont aucune : il lit une autre base que celle du backend, ou le backend n'a pas encore créé sa table.
Ce que labctl a vu : l'exporter a répondu, il sert postgresql_commits_total, et postgresql_rows n'est pas parmi les séries qu'il sert.
Que faire : faites de la base du backend l'une de celles que lit le récepteur (receivers.postgresql.databases dans la configuration du Collector), et vérifiez dans le journal du backend qu'il a créé sa table.`,
		"explain.by.walk":   "labctl verify, en parcourant le pipeline tel qu'il était à la fin des vérifications (aucune règle de fichier ni ligne de journal n'a nommé de cause)",
		"rule.LAB139.title": "Labctl n'a pas pu dire pourquoi la vérification échoue",
		"rule.LAB139.page": `Ce que cela veut dire : aucune phrase du parcours ne correspond à l'état du pipeline à la fin : labctl ne dit donc rien qu'il n'a pas vu.
Ce que labctl a vu : les faits d'aucune phrase du parcours ne tenaient ; celle-ci n'affirme rien du lab.
Que faire : lisez la preuve de la vérification, et réessayez avec un --timeout plus long si le lab démarrait encore.`,
	})
}
