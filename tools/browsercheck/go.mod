module github.com/go-concurrency-workshop/workshop/tools/browsercheck

go 1.25
