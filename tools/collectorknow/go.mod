module github.com/labctl/labctl/tools/collectorknow

go 1.26.8
